package org.cpmmss.recording.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.cpmmss.recording.CpmMailAttributes;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.OwnerVerdicts;
import org.cpmmss.recording.verdict.RefusalCode;
import org.cpmmss.recording.verdict.VerdictRegistry;
import org.junit.jupiter.api.Test;

/** Step 6: every owner's folder is decided before anything is stored; one impossible folder refuses the object. */
class ResolveConversationFoldersStepTest {
    private final VerdictRegistry outcomes = new VerdictRegistry();
    private final CpmPolicy policy = CpmPolicy.defaults();
    private final InMemoryCpmStateStore state = new InMemoryCpmStateStore();

    @Test
    void aOneToOneMessageIsFiledUnderThePeerOfEachOwner() throws Exception {
        FakeMail mail = Mails.validated(policy, outcomes, Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi"),
            Mails.ALICE, Mails.BOB);
        FolderSteps.resolve(mail, policy, state, outcomes);
        assertThat(OwnerFolders.of(mail, Mails.address(Mails.ALICE)).orElseThrow().path()).isEqualTo("Default/tel:+33610000002");
        assertThat(OwnerFolders.of(mail, Mails.address(Mails.BOB)).orElseThrow().path()).isEqualTo("Default/tel:+33610000001");
        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
    }

    @Test
    void aMessageOfARecordedGroupSessionGoesToTheGroupFolder() throws Exception {
        state.rememberSessionKind(Mails.BOB, "c1", true);
        FakeMail mail = Mails.validated(policy, outcomes, Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi"),
            Mails.BOB);
        FolderSteps.resolve(mail, policy, state, outcomes);
        assertThat(OwnerFolders.of(mail, Mails.address(Mails.BOB)).orElseThrow().path())
            .isNotEqualTo("Default/tel:+33610000001").startsWith("Default/");
    }

    @Test
    void aNotificationGoesToTheFolderOfTheMessageItReportsOn() throws Exception {
        state.markDone(Mails.ALICE, "imdn:m1", "Default/elsewhere", 1, 5);
        FakeMail mail = Mails.validated(policy, outcomes, Mails.delivered(Mails.BOB_URI, Mails.ALICE_URI, "n1", "m1"),
            Mails.ALICE);
        FolderSteps.resolve(mail, policy, state, outcomes);
        assertThat(OwnerFolders.of(mail, Mails.address(Mails.ALICE)).orElseThrow().path()).isEqualTo("Default/elsewhere");
    }

    @Test
    void anOriginatorCopyWithoutAPeerIsRefusedForEveryOwner() throws Exception {
        String noTo = Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi").replace("To: tel:+33610000002\r\n", "");
        FakeMail mail = Mails.validated(policy, outcomes, noTo, Mails.ALICE, Mails.BOB);
        FolderSteps.resolve(mail, policy, state, outcomes);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        OwnerVerdict refused = new OwnerVerdict.Refused(RefusalCode.INVALID_OBJECT,
            CpmMailAttributes.get(mail, CpmMailAttributes.REFUSAL_REASON).orElseThrow());
        OwnerVerdicts verdicts = outcomes.close(mail);
        assertThat(Mails.verdict(verdicts, Mails.ALICE)).isEqualTo(refused);
        assertThat(Mails.verdict(verdicts, Mails.BOB)).isEqualTo(refused);
        assertThat(OwnerFolders.read(mail)).isEmpty();
    }
}
