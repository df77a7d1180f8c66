package org.cpmmss.james.doors;

import java.util.Collection;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.lmtpserver.MailetContainerHandler;
import org.cpmmss.james.plumbing.DoorTimings;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.lmtp.LMTPMultiResponse;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.mailet.Mail;
import org.cpmmss.recording.verdict.OwnerVerdicts;
import org.cpmmss.recording.verdict.PipelineHandOver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;

/**
 * LMTP delivery: hands the mail to the pipeline ({@link PipelineHandOver}) while the PF waits and answers once per
 * recipient with that owner's verdict, mapped by {@link LmtpReplies}. An oversized message is not processed at all;
 * every recipient gets the size-limit reply.
 */
public class LmtpDeliveryHandler extends MailetContainerHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(LmtpDeliveryHandler.class);

    private final PipelineHandOver pipeline;
    private final DoorTimings timers;

    @Inject
    public LmtpDeliveryHandler(MailProcessor mailProcessor, PipelineHandOver pipeline, DoorTimings timers) {
        super(mailProcessor);
        this.pipeline = pipeline;
        this.timers = timers;
    }

    @Override
    protected Response processExtensions(SMTPSession session, Mail mail, MimeMessageInputStreamSource source) {
        long start = System.nanoTime();
        try {
            if (MessageSizeLimit.isOversized(session)) {
                String reason = MessageSizeLimit.reason(session);
                return LMTPMultiResponse.of(mail.getRecipients().stream()
                    .map(recipient -> new SMTPResponse(SMTPRetCode.QUOTA_EXCEEDED, reason))
                    .collect(ImmutableList.toImmutableList()));
            }
            return deliver(session, mail);
        } finally {
            // the next transaction on this connection starts from MAIL again
            session.resetState();
            timers.record("lmtp", DoorCommandTiming.END_OF_DATA, java.time.Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private Response deliver(SMTPSession session, Mail mail) {
        Collection<MailAddress> recipients = ImmutableList.copyOf(mail.getRecipients());
        executeJamesMessageHooks(session, mail);
        OwnerVerdicts verdicts;
        try {
            verdicts = pipeline.handOver(mail);
        } catch (PipelineHandOver.PipelineFailure e) {
            LOGGER.warn("LMTP delivery failed", e.getCause());
            return LMTPMultiResponse.of(recipients.stream()
                .map(LmtpReplies::pipelineFailed)
                .collect(ImmutableList.toImmutableList()));
        }
        return LMTPMultiResponse.of(recipients.stream()
            .map(recipient -> LmtpReplies.reply(recipient, verdicts.forOwner(recipient.asString())))
            .collect(ImmutableList.toImmutableList()));
    }
}
