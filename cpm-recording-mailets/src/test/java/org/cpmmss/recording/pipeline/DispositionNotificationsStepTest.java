package org.cpmmss.recording.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import javax.mail.Flags;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.OwnerVerdicts;
import org.cpmmss.recording.verdict.RefusalCode;
import org.cpmmss.recording.verdict.VerdictRegistry;
import org.junit.jupiter.api.Test;

/** Step 7: first-wins, keywords on the reported message, pending ticks, aggregates, no reports on anonymous messages. */
class DispositionNotificationsStepTest {
    private final VerdictRegistry outcomes = new VerdictRegistry();
    private final InMemoryCpmStateStore recording = new InMemoryCpmStateStore();
    private final InMemoryConversationStore store = new InMemoryConversationStore();
    private final Fakes.NotificationState state = new Fakes.NotificationState();
    private final Fakes.Messages messages = new Fakes.Messages(store);
    private final Fakes.Metrics metrics = new Fakes.Metrics();
    private final Fakes.Route route = new Fakes.Route();

    private DispositionNotifications step(CpmPolicy policy) throws MessagingException {
        DispositionNotifications step = new DispositionNotifications(state, recording, messages, messages, outcomes, metrics,
            messages, route, policy.addressNormalizer(), policy);
        step.init(FakeMailetConfig.builder().mailetName("DispositionNotifications").build());
        return step;
    }

    /** Alice's own (sent) copy of the message m1 she sent to {@code to}. */
    private InMemoryConversationStore.Stored aliceSent(String to) {
        String copy = Mails.chat(Mails.ALICE_URI, to, "contrib-1", "m1", "hi", "Message-Direction: sent");
        return store.put(Mails.ALICE, "Default/tel:+33610000002", "imdn:m1", copy.getBytes(StandardCharsets.UTF_8),
            new Flags(Flags.Flag.SEEN));
    }

    private FakeMail bobDelivered(CpmPolicy policy, String id, String... extra) throws MessagingException {
        return Mails.validated(policy, outcomes, Mails.delivered(Mails.BOB_URI, Mails.ALICE_URI, id, "m1", extra),
            Mails.ALICE, Mails.BOB);
    }

    @Test
    void aDeliveryReportTicksTheSendersCopyAndGoesOnToBeStored() throws Exception {
        CpmPolicy policy = CpmPolicy.defaults();
        InMemoryConversationStore.Stored sent = aliceSent(Mails.BOB_URI);
        FakeMail mail = bobDelivered(policy, "n1");
        step(policy).service(mail);
        assertThat(sent.flags().contains(DispositionKeyword.DELIVERED)).isTrue();
        assertThat(mail.getRecipients()).hasSize(2);
        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(state.entries(Mails.ALICE, "m1")).singleElement()
            .satisfies(entry -> assertThat(entry.reporter()).isEqualTo(Mails.BOB_URI));
    }

    @Test
    void anotherDevicesReportOfTheSameKindIsSuppressedForEveryOwnerAndCounted() throws Exception {
        CpmPolicy policy = CpmPolicy.defaults();
        aliceSent(Mails.BOB_URI);
        step(policy).service(bobDelivered(policy, "n1"));
        FakeMail second = bobDelivered(policy, "n2");
        step(policy).service(second);
        assertThat(second.getState()).isEqualTo(Mail.GHOST);
        OwnerVerdicts verdicts = outcomes.close(second);
        OwnerVerdict suppressed = new OwnerVerdict.Repeat(OwnerVerdict.Repeat.Cause.SUPPRESSED_FIRST_WINS, Optional.empty(), 0, 0);
        assertThat(Mails.verdict(verdicts, Mails.ALICE)).isEqualTo(suppressed);
        assertThat(Mails.verdict(verdicts, Mails.BOB)).isEqualTo(suppressed);
        assertThat(metrics.counts).containsEntry(DispositionNotifications.SUPPRESSED_METRIC, 1);
    }

    @Test
    void theSameReportResentIsNotSuppressed() throws Exception {
        CpmPolicy policy = CpmPolicy.defaults();
        aliceSent(Mails.BOB_URI);
        step(policy).service(bobDelivered(policy, "n1"));
        FakeMail resend = bobDelivered(policy, "n1");
        step(policy).service(resend);
        assertThat(resend.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(metrics.counts).isEmpty();
    }

    @Test
    void aReportOnAMessageNotStoredYetIsKeptAsAPendingTick() throws Exception {
        CpmPolicy policy = CpmPolicy.defaults();
        step(policy).service(bobDelivered(policy, "n1"));
        assertThat(messages.pending).containsExactly(Mails.ALICE + " m1 " + DispositionKeyword.DELIVERED);
    }

    @Test
    void noReportsOnAnonymousMessages() throws Exception {
        CpmPolicy policy = CpmPolicy.defaults();
        FakeMail mail = Mails.validated(policy, outcomes, Mails.delivered(Mails.BOB_URI, "sip:anonymous@anonymous.invalid",
            "n1", "m1"), Mails.BOB);
        step(policy).service(mail);
        assertThat(Mails.verdict(outcomes.close(mail), Mails.BOB))
            .isEqualTo(new OwnerVerdict.Refused(RefusalCode.INVALID_NOTIFICATION, DispositionNotifications.ANONYMOUS));
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void withAggregatesAGroupMessagesOriginatorGetsTheAggregateInsteadOfTheReport() throws Exception {
        CpmPolicy policy = CpmPolicy.from(Map.of(CpmPolicy.NOTIFICATIONS_AGGREGATE, "true")::get);
        InMemoryConversationStore.Stored sent = aliceSent(Mails.BOB_URI + ", tel:+33610000003");
        FakeMail mail = bobDelivered(policy, "n1");
        step(policy).service(mail);
        assertThat(sent.flags().contains(DispositionKeyword.DELIVERED)).isTrue();
        assertThat(messages.aggregated).containsExactly(Mails.ALICE + " m1 " + Mails.BOB_URI + " delivered");
        assertThat(mail.getRecipients()).containsExactly(Mails.address(Mails.BOB));
        assertThat(Mails.verdict(outcomes.close(mail), Mails.ALICE)).isInstanceOf(OwnerVerdict.Stored.class);
    }

    @Test
    void otherObjectsPassUntouched() throws Exception {
        CpmPolicy policy = CpmPolicy.defaults();
        FakeMail mail = Mails.validated(policy, outcomes, Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi"),
            Mails.BOB);
        step(policy).service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(outcomes.close(mail).forOwner(Mails.BOB)).isEmpty();
    }
}
