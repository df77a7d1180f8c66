package org.cpmmss.recording.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.cpmmss.recording.CpmMailAttributes;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.preferences.CpmPreference;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.OwnerVerdicts;
import org.cpmmss.recording.verdict.VerdictRegistry;
import org.junit.jupiter.api.Test;

/** Step 5: the user's recording preference and the operator's media-path policy decide who is recorded. */
class RecordingGateStepTest {
    private final VerdictRegistry outcomes = new VerdictRegistry();

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
        OwnerVerdicts verdicts = outcomes.close(mail);
        assertThat(Mails.verdict(verdicts, Mails.BOB)).isEqualTo(new OwnerVerdict.NotRecorded(OwnerVerdict.NotRecorded.Cause.POLICY));
        assertThat(verdicts.forOwner(Mails.ALICE)).isEmpty();
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
        assertThat(Mails.verdict(outcomes.close(mail), Mails.BOB)).isEqualTo(new OwnerVerdict.NotRecorded(OwnerVerdict.NotRecorded.Cause.POLICY));
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
        OwnerVerdicts verdicts = outcomes.close(mail);
        assertThat(Mails.verdict(verdicts, Mails.ALICE)).isEqualTo(new OwnerVerdict.NotRecorded(OwnerVerdict.NotRecorded.Cause.POLICY));
        assertThat(Mails.verdict(verdicts, Mails.BOB)).isEqualTo(new OwnerVerdict.NotRecorded(OwnerVerdict.NotRecorded.Cause.POLICY));
    }

    @Test
    void aHandedOverNotificationPassesUntouched() throws Exception {
        CpmPolicy policy = CpmPolicy.defaults();
        Fakes.Preferences preferences = new Fakes.Preferences(policy).set(Mails.BOB, CpmPreference.RECORDING, "off");
        FakeMail mail = mail(policy);
        CpmMailAttributes.set(mail, CpmMailAttributes.HANDED_OVER_NOTIFICATION, "true");
        new RecordingGate(policy, preferences, outcomes).service(mail);
        assertThat(mail.getRecipients()).hasSize(2);
        assertThat(outcomes.close(mail).forOwner(Mails.BOB)).isEmpty();
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
