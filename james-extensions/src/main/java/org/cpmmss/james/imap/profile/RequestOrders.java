package org.cpmmss.james.imap.profile;

import java.util.List;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapSession;

/**
 * The item order each decoded FETCH, STATUS or LIST … RETURN (STATUS …) request was written with: the decoder
 * records it in the session, the processor takes it out right after, for that very request object (identity).
 * A connection decodes a command just before processing it ({@code DeferredDecodingProcessor}), so a session holds
 * at most one recorded order, and no other request's (a shared weak-keyed map cost a put, a get, an invalidation
 * and a weak reference per command, about 2 % of a single-message FETCH's CPU).
 */
public final class RequestOrders {
    private static final String ATTRIBUTE = RequestOrders.class.getName();

    private record Recorded(ImapMessage request, List<String> items) {
    }

    void record(ImapSession session, ImapMessage request, List<String> items) {
        session.setAttribute(ATTRIBUTE, new Recorded(request, List.copyOf(items)));
    }

    /** The order recorded for {@code request} (empty when none was), forgotten from the session. */
    List<String> take(ImapSession session, ImapMessage request) {
        Object recorded = session.getAttribute(ATTRIBUTE);
        if (recorded == null) {
            return List.of();
        }
        session.setAttribute(ATTRIBUTE, null);
        return recorded instanceof Recorded r && r.request() == request ? r.items() : List.of();
    }
}
