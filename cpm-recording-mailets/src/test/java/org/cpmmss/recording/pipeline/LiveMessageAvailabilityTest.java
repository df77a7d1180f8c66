package org.cpmmss.recording.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.cpmmss.recording.port.RecipientPresence;
import org.cpmmss.recording.verdict.LiveMessage;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.OwnerVerdicts;
import org.cpmmss.recording.verdict.VerdictRegistry;
import org.junit.jupiter.api.Test;

/** Do-not-disturb and reject-when-offline of a live message's recipient, behind the pipeline (SIP 486 / 480). */
class LiveMessageAvailabilityTest {
    private static final String ALICE = "alice@example.com";
    private static final String CAROL = "carol@example.com";

    private final VerdictRegistry verdicts = new VerdictRegistry();
    private final List<String> asked = new ArrayList<>();

    private FakeMail liveMessageTo(String recipient) throws Exception {
        FakeMail mail = FakeMail.builder().name("live").recipients(ALICE, CAROL).state("cpm").build();
        if (recipient != null) {
            mail.setAttribute(new Attribute(LiveMessage.RECIPIENT, AttributeValue.of(recipient)));
        }
        verdicts.open(mail);
        return mail;
    }

    private LiveMessageAvailability step(RecipientPresence.Presence presence) {
        return new LiveMessageAvailability(account -> {
            asked.add(account);
            return presence;
        }, verdicts);
    }

    @Test
    void doNotDisturbTurnsTheMessageAwayForEveryOwner() throws Exception {
        FakeMail mail = liveMessageTo(CAROL);
        step(new RecipientPresence.Presence(true, true, false)).service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        OwnerVerdicts got = verdicts.close(mail);
        assertThat(got.forOwner(ALICE)).containsInstanceOf(OwnerVerdict.DoNotDisturb.class);
        assertThat(got.forOwner(CAROL)).containsInstanceOf(OwnerVerdict.DoNotDisturb.class);
        assertThat(asked).containsExactly(CAROL);
    }

    @Test
    void rejectWhenOfflineWithoutAClientIsOffline() throws Exception {
        FakeMail mail = liveMessageTo(CAROL);
        step(new RecipientPresence.Presence(false, true, false)).service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(verdicts.close(mail).forOwner(ALICE)).containsInstanceOf(OwnerVerdict.Offline.class);
    }

    @Test
    void aRegisteredClientOrNoPreferenceLetsTheMessageGoOn() throws Exception {
        for (RecipientPresence.Presence presence : List.of(new RecipientPresence.Presence(false, true, true),
                new RecipientPresence.Presence(false, false, false))) {
            FakeMail mail = liveMessageTo(CAROL);
            step(presence).service(mail);
            assertThat(mail.getState()).isEqualTo("cpm");
            assertThat(mail.getRecipients()).hasSize(2);
            assertThat(verdicts.close(mail).isEmpty()).isTrue();
        }
    }

    @Test
    void aMailThatIsNotALiveMessageIsNotLookedAt() throws Exception {
        FakeMail mail = liveMessageTo(null);
        step(new RecipientPresence.Presence(true, true, false)).service(mail);
        assertThat(mail.getState()).isEqualTo("cpm");
        assertThat(asked).isEmpty();
    }

    @Test
    void unreadablePreferencesAreATemporaryFailure() throws Exception {
        FakeMail mail = liveMessageTo(CAROL);
        new LiveMessageAvailability(account -> {
            throw new IllegalStateException("mailbox closed");
        }, verdicts).service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(verdicts.close(mail).forOwner(CAROL)).contains(OwnerVerdict.TemporaryFailure.STORAGE);
    }
}
