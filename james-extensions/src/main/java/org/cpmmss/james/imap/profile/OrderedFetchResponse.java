package org.cpmmss.james.imap.profile;

import java.util.List;

import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.message.response.FetchResponse;

/** A FETCH response together with the item order the client asked for. */
final class OrderedFetchResponse implements ImapResponseMessage {
    private final FetchResponse response;
    private final List<String> requested;
    private final boolean uidFirst;

    OrderedFetchResponse(FetchResponse response, List<String> requested, boolean uidFirst) {
        this.response = response;
        this.requested = requested;
        this.uidFirst = uidFirst;
    }

    FetchResponse response() {
        return response;
    }

    List<String> requested() {
        return requested;
    }

    boolean uidFirst() {
        return uidFirst;
    }
}
