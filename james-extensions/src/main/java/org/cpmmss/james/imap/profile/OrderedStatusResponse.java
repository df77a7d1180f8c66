package org.cpmmss.james.imap.profile;

import java.util.List;

import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.message.response.MailboxStatusResponse;

/** A STATUS (or LIST-STATUS) response together with the item order the client asked for. */
final class OrderedStatusResponse implements ImapResponseMessage {
    private final MailboxStatusResponse response;
    private final List<String> requested;

    OrderedStatusResponse(MailboxStatusResponse response, List<String> requested) {
        this.response = response;
        this.requested = requested;
    }

    MailboxStatusResponse response() {
        return response;
    }

    List<String> requested() {
        return requested;
    }
}
