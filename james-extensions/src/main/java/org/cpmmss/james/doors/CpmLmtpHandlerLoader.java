package org.cpmmss.james.doors;

import java.util.List;

import org.apache.james.lmtpserver.NoopJamesMessageHook;
import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.api.handler.CommandHandlerResultLogger;
import org.apache.james.protocols.lib.handler.HandlersPackage;
import org.apache.james.protocols.lmtp.core.LhloCmdHandler;
import org.apache.james.protocols.lmtp.core.WelcomeMessageHandler;
import org.apache.james.protocols.smtp.core.ExpnCmdHandler;
import org.apache.james.protocols.smtp.core.NoopCmdHandler;
import org.apache.james.protocols.smtp.core.PostmasterAbuseRcptHook;
import org.apache.james.protocols.smtp.core.QuitCmdHandler;
import org.apache.james.protocols.smtp.core.RsetCmdHandler;
import org.apache.james.protocols.smtp.core.VrfyCmdHandler;
import org.apache.james.protocols.smtp.core.log.HookResultLogger;
import org.apache.james.smtpserver.AuthRequiredToRelayRcptHook;
import org.apache.james.smtpserver.JamesDataCmdHandler;
import org.apache.james.smtpserver.JamesMailCmdHandler;
import org.apache.james.smtpserver.JamesRcptCmdHandler;
import org.apache.james.smtpserver.fastfail.ValidRcptHandler;

/**
 * The LMTP door's handlers: the mailet container runs while the PF waits and each recipient is answered
 * after processing. Unknown recipients get 550 at RCPT; no {@code Received} header is added; oversized
 * messages get a reply naming the limit; below the data directory's {@link org.cpmmss.james.plumbing.StorageReserve} recipients get
 * {@code 452 4.3.1} ({@link StorageReserveRcptHook}).
 */
public class CpmLmtpHandlerLoader implements HandlersPackage {
    private static final List<String> HANDLERS = List.of(
        WelcomeMessageHandler.class.getName(),
        CommandDispatcher.class.getName(),
        JamesDataCmdHandler.class.getName(),
        ExpnCmdHandler.class.getName(),
        LhloCmdHandler.class.getName(),
        JamesMailCmdHandler.class.getName(),
        NoopCmdHandler.class.getName(),
        QuitCmdHandler.class.getName(),
        JamesRcptCmdHandler.class.getName(),
        ValidRcptHandler.class.getName(),
        RsetCmdHandler.class.getName(),
        VrfyCmdHandler.class.getName(),
        MessageSizeLimit.class.getName(),
        AuthRequiredToRelayRcptHook.class.getName(),
        StorageReserveRcptHook.class.getName(),
        PostmasterAbuseRcptHook.class.getName(),
        LmtpDeliveryHandler.class.getName(),
        CommandHandlerResultLogger.class.getName(),
        NoopJamesMessageHook.class.getName(),
        HookResultLogger.class.getName(),
        DoorCommandTiming.Lmtp.class.getName());

    @Override
    public List<String> getHandlers() {
        return HANDLERS;
    }
}
