package org.cpmmss.james.doors;

import java.time.Duration;
import java.util.Collection;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerResultHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.Hook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookResultHook;
import org.apache.james.smtpserver.SendMailHandler;
import org.cpmmss.james.plumbing.DoorTimings;

/**
 * Times each command answered on one mail door under that door's own name (James times SMTP and LMTP commands
 * under the same {@code SMTP-*} names): every command handler's answer, and on SMTP the end of DATA (the message
 * hook that puts the mail in the spool queue). LMTP's end of DATA is timed by {@link LmtpDeliveryHandler}.
 */
public abstract class DoorCommandTiming implements ProtocolHandlerResultHandler<Response, ProtocolSession>, HookResultHook {
    /** The command name of end-of-DATA processing (DATA itself only answers 354). */
    public static final String END_OF_DATA = "DATA_END";

    private final DoorTimings timers;
    private final String door;

    protected DoorCommandTiming(DoorTimings timers, String door) {
        this.timers = timers;
        this.door = door;
    }

    @Override
    public Response onResponse(ProtocolSession session, Response response, long executionTime, ProtocolHandler handler) {
        if (handler instanceof CommandHandler<?> command) {
            Collection<String> names = command.getImplCommands();
            timers.record(door, names.size() == 1 ? names.iterator().next() : "OTHER", Duration.ofMillis(executionTime));
        }
        return response;
    }

    @Override
    public HookResult onHookResult(SMTPSession session, HookResult result, long executionTime, Hook hook) {
        if (hook instanceof SendMailHandler) {
            timers.record(door, END_OF_DATA, Duration.ofMillis(executionTime));
        }
        return result;
    }

    /** The SMTP door (PFs' spooled submissions). */
    public static class Smtp extends DoorCommandTiming {
        @javax.inject.Inject
        public Smtp(DoorTimings timers) {
            super(timers, "smtp");
        }
    }

    /** The LMTP door. */
    public static class Lmtp extends DoorCommandTiming {
        @javax.inject.Inject
        public Lmtp(DoorTimings timers) {
            super(timers, "lmtp");
        }

        @Override
        public HookResult onHookResult(SMTPSession session, HookResult result, long executionTime, Hook hook) {
            return result; // LmtpDeliveryHandler times the whole delivery
        }
    }
}
