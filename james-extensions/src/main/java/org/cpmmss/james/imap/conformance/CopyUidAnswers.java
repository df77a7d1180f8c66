package org.cpmmss.james.imap.conformance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponse.ResponseCode;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.AbstractMessageRangeRequest;
import org.apache.james.imap.message.response.ExistsResponse;
import org.apache.james.imap.message.response.ExpungeResponse;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.imap.message.response.VanishedResponse;
import org.apache.james.mailbox.model.UidValidity;

/**
 * Responder of COPY / MOVE (and their UID forms) correcting James's COPYUID (RFC 4315, RFC 6851):
 * <ul>
 * <li>for COPY and MOVE by sequence number, James writes the sequence numbers where COPYUID's source set must hold
 * the messages' UIDs; they are read from the selected mailbox before the command runs;</li>
 * <li>for MOVE, James puts COPYUID in the tagged OK, after the EXPUNGEs; RFC 6851 4.3 asks for an untagged
 * {@code * OK [COPYUID ...]} before them, as Dovecot sends. The untagged answers are held until the tagged one
 * arrives and then written in that order, EXPUNGEs before EXISTS.</li>
 * </ul>
 */
final class CopyUidAnswers implements Responder {
    private static final String COPYUID = "COPYUID";
    private static final HumanReadableText MOVED = new HumanReadableText("org.cpmmss.imap.MOVED", "Moved UIDs.");
    private static final UnpooledStatusResponseFactory STATUS_RESPONSES = new UnpooledStatusResponseFactory();

    private final Responder delegate;
    private final Optional<IdRange[]> sourceUids;
    private final boolean move;
    private final List<ImapResponseMessage> held = new ArrayList<>();
    private boolean drained;

    private CopyUidAnswers(Responder delegate, Optional<IdRange[]> sourceUids, boolean move) {
        this.delegate = delegate;
        this.sourceUids = sourceUids;
        this.move = move;
        this.drained = !move;
    }

    /** Call before James runs the command: sequence numbers are translated with the session's current view. */
    static CopyUidAnswers of(Responder delegate, AbstractMessageRangeRequest request, ImapSession session, boolean move) {
        return new CopyUidAnswers(delegate, request.isUseUids() ? Optional.empty() : uidsOf(request.getIdSet(), session), move);
    }

    @Override
    public synchronized void respond(ImapResponseMessage message) {
        if (!(message instanceof StatusResponse) || ((StatusResponse) message).getTag() == null) {
            if (drained) {
                delegate.respond(message);
            } else {
                held.add(message);
            }
            return;
        }
        StatusResponse tagged = (StatusResponse) message;
        ResponseCode code = tagged.getResponseCode();
        if (tagged.getServerResponseType() != StatusResponse.Type.OK || code == null || !COPYUID.equals(code.getCode())) {
            drain();
            delegate.respond(message);
            return;
        }
        ResponseCode corrected = corrected(code);
        if (move) {
            delegate.respond(STATUS_RESPONSES.untaggedOk(MOVED, corrected));
            drain();
            delegate.respond(STATUS_RESPONSES.taggedOk(tagged.getTag(), tagged.getCommand(), tagged.getTextKey()));
        } else {
            delegate.respond(STATUS_RESPONSES.taggedOk(tagged.getTag(), tagged.getCommand(), tagged.getTextKey(), corrected));
        }
    }

    @Override
    public synchronized void flush() {
        if (drained) {
            delegate.flush();
        }
    }

    /** Writes what is held (also when the processing ends without a tagged answer). */
    synchronized void drain() {
        if (!drained) {
            drained = true;
            (move ? expungesFirst(held) : held).forEach(delegate::respond);
            held.clear();
            delegate.flush();
        }
    }

    /**
     * James announces a message moved into the selected mailbox itself ({@code * 3 EXISTS}) before expunging its
     * source ({@code * 1 EXPUNGE}); Dovecot expunges first and then announces the final count. Same end state for
     * the client; the EXISTS count is lowered by the EXPUNGEs moved ahead of it.
     */
    private static List<ImapResponseMessage> expungesFirst(List<ImapResponseMessage> answers) {
        if (answers.stream().anyMatch(VanishedResponse.class::isInstance)) {
            return answers;
        }
        List<ImapResponseMessage> expunges = new ArrayList<>();
        List<ImapResponseMessage> others = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            ImapResponseMessage answer = answers.get(i);
            if (answer instanceof ExpungeResponse) {
                expunges.add(answer);
            } else if (answer instanceof ExistsResponse) {
                long later = answers.subList(i + 1, answers.size()).stream().filter(ExpungeResponse.class::isInstance).count();
                others.add(new ExistsResponse(((ExistsResponse) answer).getNumberOfMessages() - later));
            } else {
                others.add(answer);
            }
        }
        expunges.addAll(others);
        return expunges;
    }

    private ResponseCode corrected(ResponseCode james) {
        if (sourceUids.isEmpty()) {
            return james;
        }
        Collection<String> parameters = james.getParameters();
        Iterator<String> values = parameters.iterator();
        if (parameters.size() != 2) {
            return james;
        }
        values.next();
        IdRange[] targets = ranges(values.next());
        return ResponseCode.copyUid(UidValidity.of(james.getNumber()), sourceUids.get(), targets);
    }

    private static IdRange[] ranges(String formatted) {
        List<IdRange> ranges = new ArrayList<>();
        for (String range : formatted.split(",")) {
            String[] bounds = range.split(":");
            long low = Long.parseLong(bounds[0].trim());
            long high = bounds.length > 1 ? Long.parseLong(bounds[1].trim()) : low;
            ranges.add(new IdRange(Math.min(low, high), Math.max(low, high)));
        }
        return ranges.toArray(IdRange[]::new);
    }

    private static Optional<IdRange[]> uidsOf(IdRange[] sequenceSet, ImapSession session) {
        SelectedMailbox selected = session.getSelected();
        if (selected == null || sequenceSet == null) {
            return Optional.empty();
        }
        long exists = selected.existsCount();
        List<IdRange> uids = new ArrayList<>();
        for (IdRange range : sequenceSet) {
            long low = Math.min(range.getLowVal(), range.getHighVal());
            long high = Math.min(Math.max(range.getLowVal(), range.getHighVal()), exists);
            for (long msn = Math.max(1, low); msn <= high; msn++) {
                selected.uid((int) msn).ifPresent(uid -> uids.add(new IdRange(uid.asLong())));
            }
        }
        if (uids.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(IdRange.mergeRanges(uids).toArray(IdRange[]::new));
    }
}
