package org.cpmmss.recording.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.cpmmss.recording.CpmMailAttributes;
import org.cpmmss.recording.outcome.DeliveryOutcomeRegistry;
import org.cpmmss.recording.outcome.OwnerOutcome;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.preferences.CpmPreference;
import org.junit.jupiter.api.Test;

/** Step 5: the user's recording preference and the operator's media-path policy decide who is recorded. */
class RecordingGateStepTest {
    private final DeliveryOutcomeRegistry outcomes = new DeliveryOutcomeRegistry();

    private FakeMail mail(CpmPolicy policy) throws MessagingException {
        return Mails.validated(policy, outcomes, Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi"),
            Mails.ALICE, Mails.BOB);
    }

    @Test
    void anOwnerWhoseRecordingIsOffIsNotRecordedTheOthersGoOn() throws Exception {
        CpmPolicy policy = CpmPolicy.defaults();
        Fakes.Preferences preferences = new Fakes.Preferences(policy).set(Mails.BOB, CpmPreference.RECORDING, "off");
        FakeMail mail = mail(policy);
        new RecordingGate(policy, preferences, outcomes).service(mail);
        assertThat(mail.getRecipients()).containsExactly(Mails.address(Mails.ALICE));
        assertThat(Mails.outcome(outcomes, mail, Mails.BOB))
            .isEqualTo(OwnerOutcome.notRecorded(RecordingGate.NOT_RECORDED));
        assertThat(outcomes.outcome(mail, Mails.ALICE)).isEmpty();
        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
    }

    @Test
    void theOperatorDefaultAppliesWithoutAnEntryAndTheMailEndsWhenNobodyIsLeft() throws Exception {
        CpmPolicy policy = CpmPolicy.from(Map.of(CpmPolicy.DEFAULT_RECORDING, "off")::get);
        Fakes.Preferences preferences = new Fakes.Preferences(policy).set(Mails.ALICE, CpmPreference.RECORDING, "off");
        FakeMail mail = mail(policy);
        new RecordingGate(policy, preferences, outcomes).service(mail);
        assertThat(mail.getRecipients()).isEmpty();
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(Mails.outcome(outcomes, mail, Mails.BOB).kind()).isEqualTo(OwnerOutcome.Kind.NOT_RECORDED);
    }

    @Test
    void anEntrySetToOnOverridesAnOffDefault() throws Exception {
        CpmPolicy policy = CpmPolicy.from(Map.of(CpmPolicy.DEFAULT_RECORDING, "off")::get);
        Fakes.Preferences preferences = new Fakes.Preferences(policy).set(Mails.BOB, CpmPreference.RECORDING, "on");
        FakeMail mail = mail(policy);
        new RecordingGate(policy, preferences, outcomes).service(mail);
        assertThat(mail.getRecipients()).containsExactly(Mails.address(Mails.BOB));
    }

    @Test
    void noOneIsRecordedWhenTheOperatorKeepsThePfOffTheMediaPath() throws Exception {
        CpmPolicy policy = CpmPolicy.from(Map.of(CpmPolicy.MEDIA_PATH_ALLOWED, "false")::get);
        FakeMail mail = mail(policy);
        new RecordingGate(policy, new Fakes.Preferences(policy), outcomes).service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(Mails.outcome(outcomes, mail, Mails.ALICE).kind()).isEqualTo(OwnerOutcome.Kind.NOT_RECORDED);
        assertThat(Mails.outcome(outcomes, mail, Mails.BOB).kind()).isEqualTo(OwnerOutcome.Kind.NOT_RECORDED);
    }

    @Test
    void aHandedOverNotificationPassesUntouched() throws Exception {
        CpmPolicy policy = CpmPolicy.defaults();
        Fakes.Preferences preferences = new Fakes.Preferences(policy).set(Mails.BOB, CpmPreference.RECORDING, "off");
        FakeMail mail = mail(policy);
        CpmMailAttributes.set(mail, CpmMailAttributes.HANDED_OVER_NOTIFICATION, "true");
        new RecordingGate(policy, preferences, outcomes).service(mail);
        assertThat(mail.getRecipients()).hasSize(2);
        assertThat(outcomes.outcome(mail, Mails.BOB)).isEmpty();
    }

    @Test
    void unreadablePreferencesFailTheMailInsteadOfDecidingForTheUser() throws Exception {
        CpmPolicy policy = CpmPolicy.defaults();
        Fakes.Preferences preferences = new Fakes.Preferences(policy);
        preferences.fail();
        FakeMail mail = mail(policy);
        assertThatThrownBy(() -> new RecordingGate(policy, preferences, outcomes).service(mail))
            .isInstanceOf(MessagingException.class).hasMessageContaining("recording preference");
    }
}
