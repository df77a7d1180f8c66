package org.cpmmss.james.doors;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.cpmmss.james.plumbing.StorageReserve;

/**
 * SMTP and LMTP: while the data directory is below its {@link StorageReserve}, every recipient gets
 * {@code 452 4.3.1} ("insufficient system storage", RFC 5321; "mail system full", RFC 3463), so the PF keeps the
 * object and retries; nothing is spooled or stored. Part of both doors' core handlers.
 */
public class StorageReserveRcptHook implements RcptHook {
    private final StorageReserve reserve;

    @Inject
    public StorageReserveRcptHook(StorageReserve reserve) {
        this.reserve = reserve;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        Optional<String> shortage = reserve.shortage();
        if (shortage.isEmpty()) {
            return HookResult.DECLINED;
        }
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.denySoft())
            .smtpReturnCode(SMTPRetCode.SYSTEM_STORAGE_ERROR)
            .smtpDescription(DSNStatus.getStatus(DSNStatus.TRANSIENT, DSNStatus.SYSTEM_FULL) + " " + shortage.get()
                + ", retry later")
            .build();
    }
}
