package org.cpmmss.recording.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.cpmmss.cpm.object.CpmObjectType;
import org.cpmmss.recording.CpmInspection;
import org.cpmmss.recording.CpmMailAttributes;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.OwnerVerdicts;
import org.cpmmss.recording.verdict.RefusalCode;
import org.cpmmss.recording.verdict.VerdictRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Step 2: classify and remember the object; refuse what is malformed, per door kind. */
class ValidateCpmObjectStepTest {
    private final VerdictRegistry outcomes = new VerdictRegistry();
    private final ValidateCpmObject step = new ValidateCpmObject(CpmPolicy.defaults(), outcomes);

    @BeforeEach
    void init() throws Exception {
        step.init(FakeMailetConfig.builder().mailetName("ValidateCpmObject").setProperty("refusedProcessor", "refused-here")
            .build());
    }

    @Test
    void aChatMessageIsClassifiedForTheLaterSteps() throws Exception {
        FakeMail mail = Mails.mail(Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi"), Mails.ALICE, Mails.BOB);
        step.service(mail);
        CpmInspection inspection = CpmMailAttributes.inspection(mail).orElseThrow();
        assertThat(inspection.type()).isEqualTo(CpmObjectType.CHAT_MESSAGE);
        assertThat(inspection.key()).isEqualTo("imdn:m1");
        assertThat(inspection.originator().uri()).isEqualTo(Mails.ALICE_URI);
        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
    }

    @Test
    void aMalformedObjectIsRefusedForEveryOwnerOfASynchronousDoor() throws Exception {
        FakeMail mail = Mails.mail("Conversation-ID: c\r\nContent-Type: message/cpim\r\n\r\nnot cpim at all\r\n",
            Mails.ALICE, Mails.BOB);
        outcomes.open(mail);
        step.service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        String reason = CpmMailAttributes.get(mail, CpmMailAttributes.REFUSAL_REASON).orElseThrow();
        OwnerVerdict refused = new OwnerVerdict.Refused(RefusalCode.INVALID_OBJECT, reason);
        OwnerVerdicts verdicts = outcomes.close(mail);
        assertThat(Mails.verdict(verdicts, Mails.ALICE)).isEqualTo(refused);
        assertThat(Mails.verdict(verdicts, Mails.BOB)).isEqualTo(refused);
    }

    @Test
    void aMalformedSpooledObjectGoesToTheRefusedProcessor() throws Exception {
        FakeMail mail = Mails.mail("Conversation-ID: c\r\nContent-Type: message/cpim\r\n\r\nnot cpim at all\r\n", Mails.BOB);
        step.service(mail);
        assertThat(mail.getState()).isEqualTo("refused-here");
        assertThat(mail.getErrorMessage()).startsWith("refused: ");
    }
}
