package org.cpmmss.james.imap.conformance;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.AbstractMessageRangeRequest;
import org.apache.james.imap.message.request.ExpungeRequest;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.request.StoreRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;

/**
 * UID FETCH, UID STORE, UID COPY, UID MOVE and UID EXPUNGE in an empty folder. RFC 3501 (6.4.8: a UID that does not
 * exist is ignored without an error; section 9: {@code *} of a UID set in an empty mailbox is its UIDNEXT) makes
 * {@code UID FETCH 1:*} in an empty folder a command that matches nothing and completes OK, as Dovecot answers it —
 * the first sync of every new conversation on an RCS device. James 3.8.1 turns such a UID set into no range at all and
 * answers {@code BAD … failed. Invalid messageset.}. This responder, put in front of the command's own, answers
 * {@code OK <command> completed.} in place of that BAD when the folder is still empty: nothing could have been matched,
 * changed or copied, and the checks James makes before the set (a missing COPY/MOVE target's {@code NO [TRYCREATE]},
 * a folder not selected) answer as before. Sequence-number sets are unchanged: {@code FETCH 1:*} in an empty folder
 * stays BAD, as in Dovecot (there is no message 1).
 */
final class EmptyFolderUidSets implements Responder {
    private static final UnpooledStatusResponseFactory STATUS_RESPONSES = new UnpooledStatusResponseFactory();
    private final Responder delegate;
    private final ImapSession session;

    private EmptyFolderUidSets(Responder delegate, ImapSession session) {
        this.delegate = delegate;
        this.session = session;
    }

    /** {@code responder} itself unless {@code message} is one of the UID commands above. */
    static Responder wrap(Responder responder, ImapMessage message, ImapSession session) {
        return takesUidSet(message) ? new EmptyFolderUidSets(responder, session) : responder;
    }

    private static boolean takesUidSet(ImapMessage message) {
        if (message instanceof FetchRequest) {
            return ((FetchRequest) message).isUseUids();
        }
        if (message instanceof StoreRequest) {
            return ((StoreRequest) message).isUseUids();
        }
        if (message instanceof AbstractMessageRangeRequest) {
            return ((AbstractMessageRangeRequest) message).isUseUids();
        }
        if (message instanceof ExpungeRequest) {
            return ((ExpungeRequest) message).getUidSet() != null;
        }
        return false;
    }

    @Override
    public void respond(ImapResponseMessage message) {
        delegate.respond(emptyFolderInvalidSet(message) ? completed((StatusResponse) message) : message);
    }

    private boolean emptyFolderInvalidSet(ImapResponseMessage message) {
        if (!(message instanceof StatusResponse)) {
            return false;
        }
        StatusResponse status = (StatusResponse) message;
        SelectedMailbox selected = session.getSelected();
        return status.getTag() != null
            && status.getServerResponseType() == StatusResponse.Type.BAD
            && HumanReadableText.INVALID_MESSAGESET.equals(status.getTextKey())
            && selected != null && selected.existsCount() == 0;
    }

    private static StatusResponse completed(StatusResponse bad) {
        return STATUS_RESPONSES.taggedOk(bad.getTag(), bad.getCommand(), HumanReadableText.COMPLETED);
    }

    @Override
    public void flush() {
        delegate.flush();
    }
}
