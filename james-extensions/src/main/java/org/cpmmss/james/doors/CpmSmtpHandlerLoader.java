package org.cpmmss.james.doors;

import java.util.List;

import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.api.handler.CommandHandlerResultLogger;
import org.apache.james.protocols.lib.handler.HandlersPackage;
import org.apache.james.protocols.smtp.core.ExpnCmdHandler;
import org.apache.james.protocols.smtp.core.HeloCmdHandler;
import org.apache.james.protocols.smtp.core.HelpCmdHandler;
import org.apache.james.protocols.smtp.core.NoopCmdHandler;
import org.apache.james.protocols.smtp.core.PostmasterAbuseRcptHook;
import org.apache.james.protocols.smtp.core.QuitCmdHandler;
import org.apache.james.protocols.smtp.core.RsetCmdHandler;
import org.apache.james.protocols.smtp.core.VrfyCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.AuthCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.EhloCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.StartTlsCmdHandler;
import org.apache.james.protocols.smtp.core.log.HookResultLogger;
import org.apache.james.smtpserver.AddDefaultAttributesMessageHook;
import org.apache.james.smtpserver.AuthRequiredToRelayRcptHook;
import org.apache.james.smtpserver.DataLineJamesMessageHookHandler;
import org.apache.james.smtpserver.JamesDataCmdHandler;
import org.apache.james.smtpserver.JamesMailCmdHandler;
import org.apache.james.smtpserver.JamesRcptCmdHandler;
import org.apache.james.smtpserver.JamesWelcomeMessageHandler;
import org.apache.james.smtpserver.SendMailHandler;
import org.apache.james.smtpserver.SenderAuthIdentifyVerificationHook;
import org.apache.james.smtpserver.UsersRepositoryAuthHook;
import org.apache.james.protocols.smtp.core.UnknownCmdHandler;

/**
 * The SMTP door's handlers: James's SMTP server into the persistent queue, with two differences. No
 * {@code Received} header is added (a stored CPM object comes back as the PF sent it), and an oversized
 * message gets a reply that names the limit ({@link MessageSizeLimit}). Below the data directory's
 * {@link org.cpmmss.james.plumbing.StorageReserve} recipients get {@code 452 4.3.1} ({@link StorageReserveRcptHook}).
 */
public class CpmSmtpHandlerLoader implements HandlersPackage {
    private static final List<String> HANDLERS = List.of(
        JamesWelcomeMessageHandler.class.getName(),
        CommandDispatcher.class.getName(),
        AuthCmdHandler.class.getName(),
        JamesDataCmdHandler.class.getName(),
        EhloCmdHandler.class.getName(),
        ExpnCmdHandler.class.getName(),
        HeloCmdHandler.class.getName(),
        HelpCmdHandler.class.getName(),
        JamesMailCmdHandler.class.getName(),
        NoopCmdHandler.class.getName(),
        QuitCmdHandler.class.getName(),
        JamesRcptCmdHandler.class.getName(),
        RsetCmdHandler.class.getName(),
        VrfyCmdHandler.class.getName(),
        MessageSizeLimit.class.getName(),
        UsersRepositoryAuthHook.class.getName(),
        AuthRequiredToRelayRcptHook.class.getName(),
        StorageReserveRcptHook.class.getName(),
        SenderAuthIdentifyVerificationHook.class.getName(),
        PostmasterAbuseRcptHook.class.getName(),
        DataLineJamesMessageHookHandler.class.getName(),
        StartTlsCmdHandler.class.getName(),
        AddDefaultAttributesMessageHook.class.getName(),
        SendMailHandler.class.getName(),
        UnknownCmdHandler.class.getName(),
        CommandHandlerResultLogger.class.getName(),
        HookResultLogger.class.getName(),
        DoorCommandTiming.Smtp.class.getName());

    @Override
    public List<String> getHandlers() {
        return HANDLERS;
    }
}
