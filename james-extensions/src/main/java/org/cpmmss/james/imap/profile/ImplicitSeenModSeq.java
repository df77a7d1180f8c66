package org.cpmmss.james.imap.profile;

import java.util.List;

import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.message.FetchData;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.processor.EnableProcessor;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.MessageRange;

import reactor.core.publisher.Flux;

/**
 * A non-PEEK body FETCH sets {@code \Seen}; James then adds the new FLAGS to the FETCH answer but, on a
 * CONDSTORE-enabled session, not the MODSEQ of that change (RFC 7162 3.1.4 asks for it, as for any flag change the
 * client is told about). This responder adds it, read from the mailbox for that message only (FLAGS not named by
 * the client, MODSEQ missing, CONDSTORE enabled: the implicit-{@code \Seen} case).
 */
final class ImplicitSeenModSeq implements Responder {
    private final Responder delegate;
    private final ImapSession session;

    private ImplicitSeenModSeq(Responder delegate, ImapSession session) {
        this.delegate = delegate;
        this.session = session;
    }

    static Responder wrap(Responder responder, FetchRequest request, ImapSession session) {
        FetchData fetch = request.getFetch();
        boolean implicitSeen = fetch.isSetSeen() && !fetch.contains(FetchData.Item.FLAGS) && !fetch.contains(FetchData.Item.MODSEQ);
        return implicitSeen ? new ImplicitSeenModSeq(responder, session) : responder;
    }

    @Override
    public void respond(ImapResponseMessage message) {
        delegate.respond(withModSeq(message));
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    private ImapResponseMessage withModSeq(ImapResponseMessage message) {
        if (!(message instanceof FetchResponse)) {
            return message;
        }
        FetchResponse r = (FetchResponse) message;
        SelectedMailbox selected = session.getSelected();
        if (r.getFlags() == null || r.getModSeq() != null || selected == null
            || !EnableProcessor.getEnabledCapabilities(session).contains(ImapConstants.SUPPORTS_CONDSTORE)) {
            return message;
        }
        MessageUid uid = r.getUid() != null ? r.getUid() : selected.uid(r.getMessageNumber().asInt()).orElse(null);
        if (uid == null) {
            return message;
        }
        List<ComposedMessageIdWithMetaData> metadata = Flux.from(selected.getMessageManager()
                .listMessagesMetadata(MessageRange.one(uid), session.getMailboxSession()))
            .collectList()
            .block();
        if (metadata == null || metadata.isEmpty()) {
            return message;
        }
        return new FetchResponse(r.getMessageNumber(), r.getFlags(), r.getUid(), r.getSaveDate(), metadata.get(0).getModSeq(),
            r.getInternalDate(), r.getSize(), r.getEnvelope(), r.getBody(), r.getBodyStructure(), r.getElements(),
            r.getEmailId(), r.getThreadId());
    }
}
