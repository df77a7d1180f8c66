package org.cpmmss.james.doors;

import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.VerdictVisitor;

/**
 * The LMTP door's answer per recipient, from the pipeline's verdict for that owner (docs/pipeline.md, "What each
 * door answers"): the only place LMTP turns a verdict into a reply code.
 *
 * <ul>
 *   <li>250 {@code stored in <folder> uid <n>}; 250 {@code already stored, nothing new} (or
 *       {@code suppressed (first-wins)}); 250 with the hold or queue reason; 250 {@code not recorded (policy)};</li>
 *   <li>554 5.6.0 {@code refused: <reason>} for a refusal, too large included;</li>
 *   <li>451 4.3.0 with the reason for a temporary failure;</li>
 *   <li>450 4.2.0 for do-not-disturb and offline (verdicts of live SIP messages only, never produced for LMTP);</li>
 *   <li>250 {@code message received} for a recipient without verdict (plain mail delivered to INBOX).</li>
 * </ul>
 */
final class LmtpReplies implements VerdictVisitor<SMTPResponse> {
    private final String who;

    private LmtpReplies(MailAddress recipient) {
        this.who = "<" + recipient.asString() + ">";
    }

    static SMTPResponse reply(MailAddress recipient, Optional<OwnerVerdict> verdict) {
        LmtpReplies replies = new LmtpReplies(recipient);
        return verdict.map(v -> v.accept(replies))
            .orElseGet(() -> replies.ok("message received"));
    }

    /** The reply to every recipient when the pipeline itself failed: nothing acknowledged, the PF retries. */
    static SMTPResponse pipelineFailed(MailAddress recipient) {
        return new SMTPResponse(SMTPRetCode.LOCAL_ERROR, "4.3.0 <" + recipient.asString() + "> temporary failure, retry later");
    }

    @Override
    public SMTPResponse stored(OwnerVerdict.Stored verdict) {
        return ok("stored in " + verdict.folder() + " uid " + verdict.uid());
    }

    @Override
    public SMTPResponse repeat(OwnerVerdict.Repeat verdict) {
        return ok(verdict.cause() == OwnerVerdict.Repeat.Cause.ALREADY_STORED ? "already stored, nothing new" : verdict.reason());
    }

    @Override
    public SMTPResponse heldInSession(OwnerVerdict.HeldInSession verdict) {
        return ok(verdict.reason());
    }

    @Override
    public SMTPResponse queued(OwnerVerdict.Queued verdict) {
        return ok(verdict.reason());
    }

    @Override
    public SMTPResponse notRecorded(OwnerVerdict.NotRecorded verdict) {
        return ok("not recorded (policy)");
    }

    @Override
    public SMTPResponse refused(OwnerVerdict.Refused verdict) {
        return refusal(verdict.reason());
    }

    @Override
    public SMTPResponse tooLarge(OwnerVerdict.TooLarge verdict) {
        return refusal(verdict.reason());
    }

    @Override
    public SMTPResponse doNotDisturb(OwnerVerdict.DoNotDisturb verdict) {
        return new SMTPResponse(SMTPRetCode.MAILBOX_TEMP_UNAVAILABLE, "4.2.0 " + who + " " + verdict.reason());
    }

    @Override
    public SMTPResponse offline(OwnerVerdict.Offline verdict) {
        return new SMTPResponse(SMTPRetCode.MAILBOX_TEMP_UNAVAILABLE, "4.2.0 " + who + " " + verdict.reason());
    }

    @Override
    public SMTPResponse temporaryFailure(OwnerVerdict.TemporaryFailure verdict) {
        return new SMTPResponse(SMTPRetCode.LOCAL_ERROR, "4.3.0 " + who + " " + oneLine(verdict.reason()));
    }

    private SMTPResponse ok(String text) {
        return new SMTPResponse(SMTPRetCode.MAIL_OK, "2.0.0 " + who + " " + oneLine(text));
    }

    private SMTPResponse refusal(String reason) {
        return new SMTPResponse(SMTPRetCode.TRANSACTION_FAILED, "5.6.0 " + who + " refused: " + oneLine(reason));
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }
}
