package org.cpmmss.james.doors;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.MailSizeEsmtpExtension;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;

/**
 * The {@code maxmessagesize} limit of the SMTP and LMTP doors. James's SIZE parameter and EHLO
 * advertisement are kept; the DATA count is ours: once the limit is passed the rest of the message is
 * discarded, the transaction is marked {@link #OVERSIZED}, and the end of DATA is answered with
 * {@code 552 5.3.4 Message too large: this server accepts at most N bytes} — once per recipient on LMTP,
 * where nothing of the message is processed.
 */
public class MessageSizeLimit extends MailSizeEsmtpExtension {
    public static final ProtocolSession.AttachmentKey<Boolean> OVERSIZED =
        ProtocolSession.AttachmentKey.of("cpm-mss.oversized", Boolean.class);

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        if (isEndOfData(line)) {
            return next.onLine(session, line);
        }
        if (isOversized(session)) {
            return null;
        }
        long size = session.currentMessageSize() + line.length;
        session.setCurrentMessageSize(size);
        long limit = session.getConfiguration().getMaxMessageSize();
        if (limit > 0 && size > limit) {
            session.setAttachment(OVERSIZED, Boolean.TRUE, ProtocolSession.State.Transaction);
            return null;
        }
        return next.onLine(session, line);
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        if (isOversized(session)) {
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.deny())
                .smtpReturnCode(SMTPRetCode.QUOTA_EXCEEDED)
                .smtpDescription(reason(session))
                .build();
        }
        return HookResult.DECLINED;
    }

    public static boolean isOversized(SMTPSession session) {
        return session.getAttachment(OVERSIZED, ProtocolSession.State.Transaction).orElse(false);
    }

    public static String reason(SMTPSession session) {
        return DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SYSTEM_MSG_TOO_BIG)
            + " Message too large: this server accepts at most " + session.getConfiguration().getMaxMessageSize()
            + " bytes";
    }

    private static boolean isEndOfData(byte[] line) {
        return line.length == SINGLE_CHARACTER_LINE && line[0] == DOT_BYTE;
    }
}
