package org.cpmmss.recording.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import javax.mail.Flags;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.cpmmss.recording.CpmMailAttributes;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.OwnerVerdicts;
import org.cpmmss.recording.verdict.VerdictRegistry;
import org.junit.jupiter.api.Test;

/** Step 4: a deferred hand-over is stored for its recipients as a temporary object and indexed for expiry. */
class DeferredHandOverStepTest {
    private static final String HAND_OVER = "CPM-Delivery: deferred-handover";
    private final VerdictRegistry outcomes = new VerdictRegistry();
    private final CpmPolicy policy = CpmPolicy.defaults();
    private final InMemoryCpmStateStore state = new InMemoryCpmStateStore();
    private final InMemoryConversationStore store = new InMemoryConversationStore();
    private final Fakes.Expiries index = new Fakes.Expiries();
    private final Fakes.Route route = new Fakes.Route();
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-10T10:00:00Z"), ZoneOffset.UTC);
    private final DeferredHandOver step = new DeferredHandOver(store, new ConversationFolders(policy, state), outcomes,
        index, route, policy, clock);

    @Test
    void theRecipientGetsATemporaryObjectIndexedForExpiryTheOriginatorNothing() throws Exception {
        FakeMail mail = Mails.validated(policy, outcomes, Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi",
            HAND_OVER), Mails.ALICE, Mails.BOB);
        step.service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        OwnerVerdicts verdicts = outcomes.close(mail);
        assertThat(Mails.verdict(verdicts, Mails.ALICE))
            .isEqualTo(new OwnerVerdict.NotRecorded(OwnerVerdict.NotRecorded.Cause.HANDOVER_ORIGINATOR));
        assertThat(store.of(Mails.ALICE)).isEmpty();
        InMemoryConversationStore.Stored copy = store.of(Mails.BOB).get(0);
        assertThat(Mails.verdict(verdicts, Mails.BOB))
            .isEqualTo(new OwnerVerdict.Stored(copy.folder(), InMemoryConversationStore.UID_VALIDITY, copy.uid()));
        assertThat(copy.folder()).isEqualTo("Default/tel:+33610000001");
        assertThat(copy.flags().contains(TemporaryObjects.KEYWORD)).isTrue();
        assertThat(copy.flags().contains(Flags.Flag.SEEN)).isFalse();
        Instant expiry = clock.instant().plus(policy.deferredExpiryDefault());
        assertThat(copy.text()).contains("Message-Direction: received").contains("Expires: " + TemporaryObjects.format(expiry))
            .doesNotContain("positive-delivery");
        assertThat(index.entries).singleElement().satisfies(entry -> {
            assertThat(entry.owner()).isEqualTo(Mails.BOB);
            assertThat(entry.uid()).isEqualTo(copy.uid());
            assertThat(entry.expiresAt()).isEqualTo(expiry);
        });
        assertThat(route.sent).containsExactly("delivered m1 to " + Mails.BOB);
    }

    @Test
    void aResendIsADuplicateWithoutASecondNotification() throws Exception {
        step.service(Mails.validated(policy, outcomes, Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi",
            HAND_OVER), Mails.BOB));
        FakeMail again = Mails.validated(policy, outcomes, Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi",
            HAND_OVER), Mails.BOB);
        step.service(again);
        assertThat(Mails.verdict(outcomes.close(again), Mails.BOB)).isInstanceOfSatisfying(OwnerVerdict.Repeat.class,
            repeat -> assertThat(repeat.cause()).isEqualTo(OwnerVerdict.Repeat.Cause.ALREADY_STORED));
        assertThat(store.messages()).hasSize(1);
        assertThat(index.entries).hasSize(1);
        assertThat(route.sent).hasSize(1);
    }

    @Test
    void aHandedOverNotificationGoesOnAsANotificationForItsRecipientsOnly() throws Exception {
        FakeMail mail = Mails.validated(policy, outcomes, Mails.delivered(Mails.BOB_URI, Mails.ALICE_URI, "n1", "m1",
            HAND_OVER), Mails.ALICE, Mails.BOB);
        step.service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(mail.getRecipients()).containsExactly(Mails.address(Mails.ALICE));
        assertThat(CpmMailAttributes.handedOverNotification(mail)).isTrue();
        assertThat(Mails.verdict(outcomes.close(mail), Mails.BOB))
            .isEqualTo(new OwnerVerdict.NotRecorded(OwnerVerdict.NotRecorded.Cause.HANDOVER_ORIGINATOR));
        assertThat(store.messages()).isEmpty();
    }

    @Test
    void anObjectThatIsNoHandOverPassesUntouched() throws Exception {
        FakeMail mail = Mails.validated(policy, outcomes, Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi"),
            Mails.BOB);
        step.service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(store.messages()).isEmpty();
    }

    @Test
    void aStorageFailureIsTemporaryAndNothingIsIndexed() throws Exception {
        FakeMail mail = Mails.validated(policy, outcomes, Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi",
            HAND_OVER), Mails.BOB);
        store.fail();
        step.service(mail);
        assertThat(Mails.verdict(outcomes.close(mail), Mails.BOB)).isEqualTo(OwnerVerdict.TemporaryFailure.STORAGE);
        assertThat(index.entries).isEmpty();
        assertThat(route.sent).isEmpty();
    }
}
