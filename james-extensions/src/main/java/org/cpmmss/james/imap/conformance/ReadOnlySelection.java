package org.cpmmss.james.imap.conformance;

import java.util.Optional;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.FetchData;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponse.ResponseCode;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.AbstractImapRequest;
import org.apache.james.imap.message.request.CloseRequest;
import org.apache.james.imap.message.request.ExpungeRequest;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.request.StoreRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.mailbox.model.MailboxId;

import reactor.core.publisher.Mono;

/**
 * A folder selected read-only — by EXAMINE, or by a SELECT James answered {@code [READ-ONLY]} — keeps its permanent
 * state while it stays selected, as RFC 3501 asks (6.3.2: "no changes to the permanent state of the mailbox,
 * including per-user state, are permitted"; 6.4.2: CLOSE removes no message). James 3.8.1 only wrote
 * {@code [READ-ONLY]} in the answer: STORE changed flags, EXPUNGE and CLOSE expunged, a FETCH of {@code BODY[]} set
 * {@code \Seen}. Here, as in Dovecot: STORE answers {@code OK STORE ignored with read-only mailbox.} and changes
 * nothing; EXPUNGE and UID EXPUNGE answer {@code OK EXPUNGE completed.} and remove nothing; CLOSE leaves the folder
 * without expunging; a FETCH of a body section or RFC822(.TEXT) answers as asked without setting {@code \Seen}. COPY
 * and MOVE go on as before (Dovecot moves out of a read-only selection too). The mark is the selected folder's id,
 * set when a selection's tagged OK carries READ-ONLY and cleared when the next selection starts.
 */
final class ReadOnlySelection {
    private static final String ATTRIBUTE = ReadOnlySelection.class.getName();
    private static final UnpooledStatusResponseFactory STATUS_RESPONSES = new UnpooledStatusResponseFactory();
    static final HumanReadableText STORE_IGNORED = new HumanReadableText(
        "org.cpmmss.imap.STORE_IGNORED_READ_ONLY", "ignored with read-only mailbox.");

    private ReadOnlySelection() {
    }

    /**
     * The responder of a SELECT or EXAMINE: clears the mark now, and sets it for the selected folder when the
     * selection is answered OK [READ-ONLY] (call {@link Watch#settle} once the command is processed).
     */
    static Watch watch(Responder responder, ImapSession session) {
        session.setAttribute(ATTRIBUTE, null);
        return new Watch(responder);
    }

    /** Whether the folder selected now was selected read-only. */
    static boolean readOnly(ImapSession session) {
        SelectedMailbox selected = session.getSelected();
        Object marked = session.getAttribute(ATTRIBUTE);
        return selected != null && marked != null && marked.equals(selected.getMailboxId());
    }

    /** Whether {@code message} may change the selected folder: STORE, EXPUNGE, CLOSE, a FETCH setting {@code \Seen}. */
    static boolean mayChange(ImapMessage message) {
        return message instanceof StoreRequest || message instanceof ExpungeRequest || message instanceof CloseRequest
            || message instanceof FetchRequest && ((FetchRequest) message).getFetch().isSetSeen();
    }

    /** The answer to a STORE, EXPUNGE or CLOSE in a read-only selection; empty for a FETCH. */
    static Optional<Mono<Void>> answer(ImapMessage message, Responder responder, ImapSession session) {
        if (message instanceof StoreRequest) {
            return Optional.of(tagged((StoreRequest) message, STORE_IGNORED, responder));
        }
        if (message instanceof ExpungeRequest) {
            return Optional.of(tagged((ExpungeRequest) message, HumanReadableText.COMPLETED, responder));
        }
        if (message instanceof CloseRequest) {
            return Optional.of(session.deselect()
                .then(tagged((CloseRequest) message, HumanReadableText.COMPLETED, responder)));
        }
        return Optional.empty();
    }

    /** A FETCH as asked but without setting {@code \Seen} (the same section names in the answer). */
    static FetchRequest peekOnly(FetchRequest request) {
        FetchData fetch = request.getFetch();
        if (!fetch.isSetSeen()) {
            return request;
        }
        FetchData.Builder peek = FetchDataCopies.itemsOf(fetch);
        fetch.getBodyElements().forEach(element -> peek.add(element, true));
        return new FetchRequest(request.isUseUids(), request.getIdSet(), peek.build(), request.getTag());
    }

    private static Mono<Void> tagged(AbstractImapRequest request, HumanReadableText text, Responder responder) {
        return Mono.fromRunnable(() -> {
            responder.respond(STATUS_RESPONSES.taggedOk(request.getTag(), request.getCommand(), text));
            responder.flush();
        });
    }

    /** Notes whether a selection was answered READ-ONLY. */
    static final class Watch implements Responder {
        private final Responder delegate;
        private volatile boolean readOnly;

        private Watch(Responder delegate) {
            this.delegate = delegate;
        }

        @Override
        public void respond(ImapResponseMessage message) {
            if (message instanceof StatusResponse) {
                StatusResponse status = (StatusResponse) message;
                if (status.getTag() != null) {
                    readOnly = status.getServerResponseType() == StatusResponse.Type.OK
                        && ResponseCode.readOnly().equals(status.getResponseCode());
                }
            }
            delegate.respond(message);
        }

        @Override
        public void flush() {
            delegate.flush();
        }

        /** Marks the folder now selected when its selection was answered READ-ONLY. */
        void settle(ImapSession session) {
            SelectedMailbox selected = session.getSelected();
            if (readOnly && selected != null) {
                MailboxId id = selected.getMailboxId();
                session.setAttribute(ATTRIBUTE, id);
            }
        }
    }
}
