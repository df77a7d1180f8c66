package org.cpmmss.james.imap.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.UidRange;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.AbstractMailboxSelectionRequest;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.message.response.VanishedResponse;
import org.apache.james.imap.processor.EnableProcessor;
import org.apache.james.mailbox.MessageUid;
import org.cpmmss.james.imap.conformance.VanishedUids;

/**
 * {@code SELECT/EXAMINE … (QRESYNC (uidvalidity modseq [known-uids]))}: James clamps the UID range it checks to
 * the first and last UID still in the mailbox, so UIDs expunged below the first or above the last remaining
 * message were never reported. This responder replaces James's {@code VANISHED (EARLIER)} line by one computed
 * over the whole range (the client's known UIDs, else 1 to UIDNEXT-1), written just before the tagged OK.
 * Like James, it does not remember when a UID was expunged: every expunged UID of the range is reported
 * (RFC 7162 section 3.2.5.2 allows this).
 * After it come the flag changes since the client's modseq ({@link QresyncFlagChanges}), which James 3.8.1 does
 * not send; if James's answer already holds FETCH lines, they are left as they are and nothing is added.
 */
final class QresyncVanished implements Responder {
    private final Responder delegate;
    private final AbstractMailboxSelectionRequest request;
    private final ImapSession session;
    private long uidNext = -1;
    private boolean jamesSentFetch;

    private QresyncVanished(Responder delegate, AbstractMailboxSelectionRequest request, ImapSession session) {
        this.delegate = delegate;
        this.request = request;
        this.session = session;
    }

    static Responder wrap(Responder responder, AbstractMailboxSelectionRequest request, ImapSession session) {
        boolean qresync = !request.getLastKnownUidValidity().isUnknown()
            && EnableProcessor.getEnabledCapabilities(session).contains(ImapConstants.SUPPORTS_QRESYNC);
        return qresync ? new QresyncVanished(responder, request, session) : responder;
    }

    @Override
    public void respond(ImapResponseMessage message) {
        if (message instanceof VanishedResponse && ((VanishedResponse) message).isEarlier()) {
            return;
        }
        if (message instanceof FetchResponse) {
            jamesSentFetch = true;
        }
        if (message instanceof StatusResponse) {
            StatusResponse status = (StatusResponse) message;
            StatusResponse.ResponseCode code = status.getResponseCode();
            if (code != null && "UIDNEXT".equals(code.getCode())) {
                uidNext = code.getNumber();
            }
            if (status.getTag() != null && status.getServerResponseType() == StatusResponse.Type.OK
                && !HumanReadableText.QRESYNC_UIDVALIDITY_MISMATCH.equals(status.getTextKey())) {
                vanished().ifPresent(delegate::respond);
                flagChanges().forEach(delegate::respond);
            }
        }
        delegate.respond(message);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    private List<FetchResponse> flagChanges() {
        SelectedMailbox selected = session.getSelected();
        if (jamesSentFetch || selected == null || request.getKnownModSeq() == null) {
            return List.of();
        }
        return QresyncFlagChanges.since(selected, session.getMailboxSession(), request.getKnownModSeq(), request.getUidSet());
    }

    private Optional<VanishedResponse> vanished() {
        SelectedMailbox selected = session.getSelected();
        if (selected == null) {
            return Optional.empty();
        }
        List<UidRange> scope = new ArrayList<>();
        if (request.getUidSet() != null) {
            scope.addAll(List.of(request.getUidSet()));
        } else if (uidNext > 1) {
            scope.add(new UidRange(MessageUid.MIN_VALUE, MessageUid.of(uidNext - 1)));
        }
        List<UidRange> gone = new ArrayList<>();
        for (UidRange range : scope) {
            long low = range.getLowVal().asLong();
            long high = range.getHighVal().asLong();
            if (high == MessageUid.MAX_VALUE.asLong() && uidNext > 0) {
                high = uidNext - 1;
            }
            VanishedUids.absent(selected, low, high, gone);
        }
        return gone.isEmpty() ? Optional.empty() : Optional.of(new VanishedResponse(gone.toArray(UidRange[]::new), true));
    }
}
