package org.cpmmss.james.doors;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

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
import org.cpmmss.recording.outcome.DeliveryOutcomeRegistry;
import org.cpmmss.recording.outcome.OwnerOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;

/**
 * LMTP delivery: runs the mailet pipeline while the PF waits and answers once per recipient with the
 * outcome the pipeline recorded for that owner ({@link DeliveryOutcomeRegistry}): 250 for STORED,
 * DUPLICATE and HELD; 250 with "not recorded (policy)" for NOT_RECORDED; 554 with the reason for
 * REFUSED; 451 for FAILED. A recipient without a recorded outcome (plain mail delivered to INBOX) gets
 * 250. An oversized message is not processed at all; every recipient gets the size-limit reply.
 */
public class LmtpDeliveryHandler extends MailetContainerHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(LmtpDeliveryHandler.class);

    private final MailProcessor mailProcessor;
    private final DeliveryOutcomeRegistry outcomes;
    private final DoorTimings timers;

    @Inject
    public LmtpDeliveryHandler(MailProcessor mailProcessor, DeliveryOutcomeRegistry outcomes, DoorTimings timers) {
        super(mailProcessor);
        this.mailProcessor = mailProcessor;
        this.outcomes = outcomes;
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
        outcomes.open(mail);
        Map<String, OwnerOutcome> results;
        try {
            mailProcessor.service(mail);
            results = outcomes.close(mail);
        } catch (Exception e) {
            outcomes.close(mail);
            LOGGER.warn("LMTP delivery failed", e);
            return LMTPMultiResponse.of(recipients.stream()
                .map(recipient -> new SMTPResponse(SMTPRetCode.LOCAL_ERROR,
                    "4.3.0 <" + recipient.asString() + "> temporary failure, retry later"))
                .collect(ImmutableList.toImmutableList()));
        }
        return LMTPMultiResponse.of(recipients.stream()
            .map(recipient -> reply(recipient, results.get(recipient.asString().toLowerCase(Locale.ROOT))))
            .collect(ImmutableList.toImmutableList()));
    }

    static SMTPResponse reply(MailAddress recipient, OwnerOutcome outcome) {
        String who = "<" + recipient.asString() + ">";
        if (outcome == null) {
            return new SMTPResponse(SMTPRetCode.MAIL_OK, "2.0.0 " + who + " message received");
        }
        return switch (outcome.kind()) {
            case STORED -> new SMTPResponse(SMTPRetCode.MAIL_OK, "2.0.0 " + who + " stored in "
                + outcome.folder().orElse("?") + " uid " + outcome.uid());
            case DUPLICATE -> new SMTPResponse(SMTPRetCode.MAIL_OK, "2.0.0 " + who
                + ("already stored".equals(outcome.reason()) ? " already stored, nothing new" : " " + oneLine(outcome.reason())));
            case HELD -> new SMTPResponse(SMTPRetCode.MAIL_OK, "2.0.0 " + who + " " + outcome.reason());
            case NOT_RECORDED -> new SMTPResponse(SMTPRetCode.MAIL_OK, "2.0.0 " + who + " not recorded (policy)");
            case REFUSED -> new SMTPResponse(SMTPRetCode.TRANSACTION_FAILED, "5.6.0 " + who + " refused: "
                + oneLine(outcome.reason()));
            case FAILED -> new SMTPResponse(SMTPRetCode.LOCAL_ERROR, "4.3.0 " + who + " " + oneLine(outcome.reason()));
        };
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }
}
