package org.cpmmss.james.imap.profile;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.request.ListRequest;
import org.apache.james.imap.message.request.StatusRequest;

/**
 * Decodes with James's decoder and, for FETCH, STATUS and LIST requests, records the order in which the client
 * named the items (James keeps them in unordered sets), for {@link ProfileImapProcessor} to apply.
 */
public final class OrderRecordingDecoder implements ImapDecoder {
    private final ImapDecoder delegate;
    private final RequestOrders orders;

    public OrderRecordingDecoder(ImapDecoder delegate, RequestOrders orders) {
        this.delegate = delegate;
        this.orders = orders;
    }

    @Override
    public ImapMessage decode(ImapRequestLineReader request, ImapSession session) {
        RecordingLineReader recording = new RecordingLineReader(request);
        ImapMessage message = delegate.decode(recording, session);
        if (message instanceof FetchRequest) {
            CommandTokens.fetchItems(recording.recorded()).ifPresent(items -> orders.record(session, message, items));
        } else if (message instanceof StatusRequest || message instanceof ListRequest) {
            CommandTokens.statusItems(recording.recorded()).ifPresent(items -> orders.record(session, message, items));
        }
        return message;
    }
}
