package org.cpmmss.recording.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.preferences.CpmPreference;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.VerdictRegistry;
import org.junit.jupiter.api.Test;

/** Step 3: a deferred hand-over for a notify/push recipient waits in the deferred queue instead of the store. */
class QueueDeferredStepTest {
    private static final String HAND_OVER = "CPM-Delivery: deferred-handover";
    private final VerdictRegistry outcomes = new VerdictRegistry();
    private final CpmPolicy policy = CpmPolicy.defaults();
    private final Fakes.Preferences preferences = new Fakes.Preferences(policy);
    private final Fakes.Queue queue = new Fakes.Queue();
    private final Fakes.QueuedListener listener = new Fakes.QueuedListener();
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-10T10:00:00Z"), ZoneOffset.UTC);
    private final QueueDeferred step = new QueueDeferred(queue, preferences, outcomes, policy, Set.of(listener), clock);

    private FakeMail handOver(String... extra) throws Exception {
        String[] headers = new String[extra.length + 1];
        headers[0] = HAND_OVER;
        System.arraycopy(extra, 0, headers, 1, extra.length);
        return Mails.validated(policy, outcomes, Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi", headers),
            Mails.ALICE, Mails.BOB);
    }

    @Test
    void aPushRecipientIsQueuedAndTakenOffTheMailTheOriginatorGoesOn() throws Exception {
        preferences.set(Mails.BOB, CpmPreference.DEFERRED_DELIVERY, "push");
        FakeMail mail = handOver();
        step.service(mail);
        assertThat(Mails.verdict(outcomes.close(mail), Mails.BOB))
            .isEqualTo(new OwnerVerdict.Queued(OwnerVerdict.Queued.DeferredMode.PUSH, false));
        assertThat(mail.getRecipients()).containsExactly(Mails.address(Mails.ALICE));
        assertThat(queue.entries).singleElement().satisfies(entry -> {
            assertThat(entry.owner()).isEqualTo(Mails.BOB);
            assertThat(entry.objectKey()).isEqualTo("imdn:m1");
            assertThat(entry.originatorUri()).isEqualTo(Mails.ALICE_URI);
            assertThat(entry.recipientUri()).isEqualTo(Mails.BOB_URI);
            assertThat(entry.expires()).isEqualTo(clock.instant().plus(policy.deferredExpiryDefault()));
        });
        assertThat(listener.told).containsExactly(Mails.BOB + ":push");
    }

    @Test
    void aResendIsTheSameEntryAndNobodyIsToldAgain() throws Exception {
        preferences.set(Mails.BOB, CpmPreference.DEFERRED_DELIVERY, "notify");
        step.service(handOver());
        FakeMail again = handOver();
        step.service(again);
        assertThat(Mails.verdict(outcomes.close(again), Mails.BOB))
            .isEqualTo(new OwnerVerdict.Queued(OwnerVerdict.Queued.DeferredMode.NOTIFY, true));
        assertThat(queue.entries).hasSize(1);
        assertThat(listener.told).hasSize(1);
    }

    @Test
    void aHandoverRecipientGoesOnToTheHandOver() throws Exception {
        FakeMail mail = handOver();
        step.service(mail);
        assertThat(mail.getRecipients()).hasSize(2);
        assertThat(queue.entries).isEmpty();
        assertThat(outcomes.close(mail).forOwner(Mails.BOB)).isEmpty();
    }

    @Test
    void onlyHandOversAreQueuedAndNotReleasedOnes() throws Exception {
        preferences.set(Mails.BOB, CpmPreference.DEFERRED_DELIVERY, "push");
        FakeMail ordinary = Mails.validated(policy, outcomes, Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m2", "hi"),
            Mails.BOB);
        step.service(ordinary);
        FakeMail released = handOver();
        released.setAttribute(new Attribute(QueueDeferred.RELEASED, AttributeValue.of("1")));
        step.service(released);
        assertThat(queue.entries).isEmpty();
        assertThat(ordinary.getRecipients()).hasSize(1);
        assertThat(released.getRecipients()).hasSize(2);
    }

    @Test
    void everyRecipientQueuedEndsTheMail() throws Exception {
        preferences.set(Mails.BOB, CpmPreference.DEFERRED_DELIVERY, "push");
        FakeMail mail = Mails.validated(policy, outcomes, Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi",
            HAND_OVER), Mails.BOB);
        step.service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void unreadablePreferencesAreATemporaryFailureForThatOwner() throws Exception {
        preferences.fail();
        FakeMail mail = handOver();
        step.service(mail);
        assertThat(Mails.verdict(outcomes.close(mail), Mails.BOB)).isEqualTo(OwnerVerdict.TemporaryFailure.STORAGE);
        assertThat(mail.getRecipients()).containsExactly(Mails.address(Mails.ALICE));
    }
}
