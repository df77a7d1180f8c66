package org.cpmmss.james.store.mailbox;

import java.util.function.Function;

import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * A FETCH's {@code CHANGEDSINCE} value handed to the message mapper through the Reactor context of the command.
 * James passes a FETCH only the UID range and drops the messages at or below the value itself, after listing the
 * whole range; with this hint {@link NativeMessageMapper#listMessagesMetadata} reads only the changed messages from
 * the folder's MODSEQ index. A listing without the hint (any other caller) is the whole range, as before.
 */
public final class ChangedSince {
    private static final String KEY = ChangedSince.class.getName();

    private ChangedSince() {
    }

    /** Puts a FETCH's CHANGEDSINCE value into the context of the command's processing. */
    public static Function<Context, Context> hint(long changedSince) {
        return context -> changedSince > 0 ? context.put(KEY, changedSince) : context;
    }

    /** The CHANGEDSINCE value of the command being processed, 0 when there is none. */
    static long in(ContextView context) {
        return context.getOrDefault(KEY, 0L);
    }
}
