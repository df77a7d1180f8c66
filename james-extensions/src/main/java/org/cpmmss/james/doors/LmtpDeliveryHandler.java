package org.cpmmss.james.doors;

import javax.inject.Inject;

import org.apache.james.lmtpserver.MailetContainerHandler;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.lmtp.LMTPMultiResponse;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.mailet.Mail;

import com.google.common.collect.ImmutableList;

/**
 * LMTP delivery: runs the mailet pipeline while the PF waits and answers once per recipient. An
 * oversized message is not processed at all; every recipient gets the size-limit reply.
 */
public class LmtpDeliveryHandler extends MailetContainerHandler {
    @Inject
    public LmtpDeliveryHandler(MailProcessor mailProcessor) {
        super(mailProcessor);
    }

    @Override
    protected Response processExtensions(SMTPSession session, Mail mail, MimeMessageInputStreamSource source) {
        try {
            if (MessageSizeLimit.isOversized(session)) {
                String reason = MessageSizeLimit.reason(session);
                return LMTPMultiResponse.of(mail.getRecipients().stream()
                    .map(recipient -> new SMTPResponse(SMTPRetCode.QUOTA_EXCEEDED, reason))
                    .collect(ImmutableList.toImmutableList()));
            }
            return super.processExtensions(session, mail, source);
        } finally {
            // The transaction is over: the next MAIL FROM on this connection starts a new one.
            // (James's MailetContainerHandler leaves the sender and recipients in place.)
            session.resetState();
        }
    }
}
