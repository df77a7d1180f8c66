package org.cpmmss.recording.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import javax.mail.Flags;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.OwnerVerdicts;
import org.cpmmss.recording.verdict.VerdictRegistry;
import org.junit.jupiter.api.Test;

/** Step 9: each owner's copy is shaped (direction, \Seen on the sender's copy) and filed once per key. */
class FileIntoConversationStepTest {
    private final VerdictRegistry outcomes = new VerdictRegistry();
    private final CpmPolicy policy = CpmPolicy.defaults();
    private final InMemoryCpmStateStore state = new InMemoryCpmStateStore();
    private final InMemoryConversationStore store = new InMemoryConversationStore();
    private final FileIntoConversation step = new FileIntoConversation(store, state, outcomes);

    private FakeMail resolved(String object, String... owners) throws MessagingException {
        FakeMail mail = Mails.validated(policy, outcomes, object, owners);
        FolderSteps.resolve(mail, policy, state, outcomes);
        return mail;
    }

    @Test
    void eachOwnerGetsItsOwnCopyTheSenderSeesItsCopyAsRead() throws Exception {
        FakeMail mail = resolved(Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi"), Mails.ALICE, Mails.BOB);
        step.service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        InMemoryConversationStore.Stored sent = store.of(Mails.ALICE).get(0);
        InMemoryConversationStore.Stored received = store.of(Mails.BOB).get(0);
        assertThat(sent.folder()).isEqualTo("Default/tel:+33610000002");
        assertThat(sent.text()).contains("Message-Direction: sent").contains("hi");
        assertThat(sent.flags().contains(Flags.Flag.SEEN)).isTrue();
        assertThat(received.folder()).isEqualTo("Default/tel:+33610000001");
        assertThat(received.text()).contains("Message-Direction: received");
        assertThat(received.flags().contains(Flags.Flag.SEEN)).isFalse();
        assertThat(sent.key()).isEqualTo("imdn:m1");
        OwnerVerdicts verdicts = outcomes.close(mail);
        assertThat(Mails.verdict(verdicts, Mails.ALICE))
            .isEqualTo(new OwnerVerdict.Stored(sent.folder(), InMemoryConversationStore.UID_VALIDITY, sent.uid()));
        assertThat(Mails.verdict(verdicts, Mails.BOB))
            .isEqualTo(new OwnerVerdict.Stored(received.folder(), InMemoryConversationStore.UID_VALIDITY, received.uid()));
    }

    @Test
    void aResentObjectIsADuplicateAndNothingNewIsStored() throws Exception {
        step.service(resolved(Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi"), Mails.BOB));
        FakeMail again = resolved(Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi"), Mails.BOB);
        step.service(again);
        assertThat(store.messages()).hasSize(1);
        InMemoryConversationStore.Stored first = store.messages().get(0);
        assertThat(Mails.verdict(outcomes.close(again), Mails.BOB)).isEqualTo(OwnerVerdict.alreadyStored(
            Optional.of(first.folder()), InMemoryConversationStore.UID_VALIDITY, first.uid()));
    }

    @Test
    void aStorageFailureIsATemporaryFailureForASynchronousDoor() throws Exception {
        FakeMail mail = resolved(Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi"), Mails.BOB);
        store.fail();
        step.service(mail);
        assertThat(Mails.verdict(outcomes.close(mail), Mails.BOB)).isEqualTo(OwnerVerdict.TemporaryFailure.STORAGE);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void aStorageFailureOfSpooledMailThrowsSoJamesKeepsTheMail() throws Exception {
        FakeMail mail = resolved(Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi"), Mails.BOB);
        outcomes.close(mail);
        store.fail();
        assertThatThrownBy(() -> step.service(mail)).isInstanceOf(MessagingException.class)
            .hasMessageContaining(Mails.BOB);
    }

    @Test
    void theSessionKindOfASessionObjectIsRemembered() throws Exception {
        FakeMail mail = resolved(new String(org.cpmmss.cpm.Fixtures.bytes("session-info.eml"),
            java.nio.charset.StandardCharsets.UTF_8), "+33643209850@example.com");
        step.service(mail);
        assertThat(state.sessionKind("+33643209850@example.com", "7d8a3e21-4c1b-49a0-b6de-2f0c9e5d1a77")).contains(true);
    }
}
