package org.cpmmss.james.doors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.RefusalCode;
import org.junit.jupiter.api.Test;

/** The LMTP reply of every kind of verdict (docs/pipeline.md, "What each door answers"). */
class LmtpRepliesTest {
    private static final String OWNER = "+33612345678@example.com";

    private static String reply(OwnerVerdict verdict) throws Exception {
        return text(LmtpReplies.reply(new MailAddress(OWNER), Optional.of(verdict)));
    }

    private static String text(SMTPResponse response) {
        return String.join("\n", response.getLines());
    }

    @Test
    void successVerdictsAre250() throws Exception {
        assertThat(reply(new OwnerVerdict.Stored("Default/tel:+33640332859", 7, 42)))
            .isEqualTo("250 2.0.0 <" + OWNER + "> stored in Default/tel:+33640332859 uid 42");
        assertThat(reply(new OwnerVerdict.Repeat(OwnerVerdict.Repeat.Cause.ALREADY_STORED, Optional.of("Default"), 7, 42)))
            .isEqualTo("250 2.0.0 <" + OWNER + "> already stored, nothing new");
        assertThat(reply(new OwnerVerdict.Repeat(OwnerVerdict.Repeat.Cause.SUPPRESSED_FIRST_WINS, Optional.empty(), 0, 0)))
            .isEqualTo("250 2.0.0 <" + OWNER + "> suppressed (first-wins)");
        assertThat(reply(new OwnerVerdict.HeldInSession(OwnerVerdict.HeldInSession.Hold.UNTIL_SESSION_ENDS)))
            .isEqualTo("250 2.0.0 <" + OWNER + "> held until the session ends");
        assertThat(reply(new OwnerVerdict.HeldInSession(OwnerVerdict.HeldInSession.Hold.ALREADY_HELD)))
            .isEqualTo("250 2.0.0 <" + OWNER + "> already held");
        assertThat(reply(new OwnerVerdict.HeldInSession(OwnerVerdict.HeldInSession.Hold.SESSION_ALREADY_OPEN)))
            .isEqualTo("250 2.0.0 <" + OWNER + "> session already open");
        assertThat(reply(new OwnerVerdict.Queued(OwnerVerdict.Queued.DeferredMode.PUSH, false)))
            .isEqualTo("250 2.0.0 <" + OWNER + "> queued for deferred delivery: push");
        assertThat(reply(new OwnerVerdict.Queued(OwnerVerdict.Queued.DeferredMode.NOTIFY, true)))
            .isEqualTo("250 2.0.0 <" + OWNER + "> already queued for deferred delivery: notify");
        assertThat(reply(new OwnerVerdict.NotRecorded(OwnerVerdict.NotRecorded.Cause.POLICY)))
            .isEqualTo("250 2.0.0 <" + OWNER + "> not recorded (policy)");
        assertThat(reply(new OwnerVerdict.NotRecorded(OwnerVerdict.NotRecorded.Cause.HANDOVER_ORIGINATOR)))
            .isEqualTo("250 2.0.0 <" + OWNER + "> not recorded (policy)");
    }

    @Test
    void refusalsAre554AndTheirReasonOnOneLine() throws Exception {
        assertThat(reply(new OwnerVerdict.Refused(RefusalCode.INVALID_OBJECT, "no Conversation-ID\r\nat all")))
            .isEqualTo("554 5.6.0 <" + OWNER + "> refused: no Conversation-ID at all");
        assertThat(reply(new OwnerVerdict.TooLarge("session info too large: 70000 bytes")))
            .isEqualTo("554 5.6.0 <" + OWNER + "> refused: session info too large: 70000 bytes");
    }

    @Test
    void temporaryVerdictsAre4xx() throws Exception {
        assertThat(reply(OwnerVerdict.TemporaryFailure.STORAGE))
            .isEqualTo("451 4.3.0 <" + OWNER + "> storage failure, retry later");
        assertThat(reply(new OwnerVerdict.DoNotDisturb())).isEqualTo("450 4.2.0 <" + OWNER + "> do not disturb");
        assertThat(reply(new OwnerVerdict.Offline())).isEqualTo("450 4.2.0 <" + OWNER + "> no client registered");
        assertThat(text(LmtpReplies.pipelineFailed(new MailAddress(OWNER))))
            .isEqualTo("451 4.3.0 <" + OWNER + "> temporary failure, retry later");
    }

    @Test
    void aRecipientWithoutVerdictGotPlainMail() throws Exception {
        assertThat(text(LmtpReplies.reply(new MailAddress(OWNER), Optional.empty())))
            .isEqualTo("250 2.0.0 <" + OWNER + "> message received");
    }
}
