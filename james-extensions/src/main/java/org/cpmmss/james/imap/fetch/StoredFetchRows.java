package org.cpmmss.james.imap.fetch;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.james.imap.api.message.FetchData;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.message.response.FetchResponse;
import org.cpmmss.james.store.api.MessageFlags;
import org.cpmmss.james.store.api.MessageStore;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;

/**
 * Reads the rows one FETCH range needs, in UID order ({@link #CHUNK} at a time): metadata rows only for UID/FLAGS/MODSEQ requests, whole
 * message rows otherwise (without their flags when neither FLAGS nor MODSEQ is answered); with CHANGEDSINCE the changed messages come from the folder's MODSEQ index first and only
 * those are read in full (one by one when few, else their UID span).
 */
final class StoredFetchRows {
    /** Above this many changed messages their UID span is listed at once instead of one message at a time. */
    private static final int ONE_BY_ONE = 32;
    /** A FETCH of a range reads its messages this many at a time ({@link #inChunks}). */
    static final int CHUNK = 500;

    private final MessageStore messages;
    private final long folder;
    private final FetchData fetch;
    private final boolean onlyFlags;
    private final ListedFlags listed;

    private StoredFetchRows(MessageStore messages, long folder, FetchData fetch, boolean onlyFlags,
                            ListedFlags listed) {
        this.messages = messages;
        this.folder = folder;
        this.fetch = fetch;
        this.onlyFlags = onlyFlags;
        this.listed = listed;
    }

    /**
     * The reader of one FETCH's ranges. {@code onlyFlags}: the FETCH asks for UID/FLAGS/MODSEQ only (worked out once
     * by the caller: {@code FetchData.isOnlyFlags} streams over the items); {@code listed}: where such a FETCH keeps
     * its listings for the flag updates after it (or null).
     */
    static StoredFetchRows of(MessageStore messages, long folder, FetchData fetch, boolean onlyFlags,
                              ListedFlags listed) {
        return new StoredFetchRows(messages, folder, fetch, onlyFlags, listed);
    }

    void read(UidRange range, StoredFetchResponses responses, Responder responder) {
        long changedSince = Math.max(0, fetch.getChangedSince());
        if (onlyFlags) {
            List<MessageFlags> rows = messages.listFlagsWithoutIds(folder, range, changedSince);
            if (listed != null) {
                listed.listed(range, rows);
            }
            for (MessageFlags row : rows) {
                if (responses.wanted(row.modSeq())) {
                    respond(responses.of(row), responder);
                }
            }
        } else if (changedSince > 0) {
            changed(messages.listFlagsWithoutIds(folder, range, changedSince), responses, responder);
        } else if (!fetch.contains(FetchData.Item.FLAGS) && !fetch.contains(FetchData.Item.MODSEQ)) {
            // bytes, sizes, dates: nothing of the flags rows is answered (a device reading a message's body)
            inChunks(range, (part, limit) -> messages.listContent(folder, part, limit),
                message -> respond(responses.of(message), responder));
        } else {
            inChunks(range, (part, limit) -> messages.list(folder, part, limit), message -> {
                if (responses.wanted(message.modSeq())) {
                    respond(responses.of(message), responder);
                }
            });
        }
    }

    /** One read of the store: the messages of {@code part} in UID order, at most {@code limit}. */
    @FunctionalInterface
    interface ChunkRead {
        List<StoredMessage> read(UidRange part, int limit);
    }

    /**
     * Reads {@code range} {@link #CHUNK} messages at a time, each answered before the next read: the rows of a whole
     * conversation were held until its last answer was written, long enough for the young collections of a
     * 10,000-message pass to copy them, and to promote them (docs/benchmarks.md "Twenty-seventh session"). A read
     * shorter than {@link #CHUNK} is not taken for the end: a listing leaves out a message expunged between its read
     * of the message rows and of their flags rows, so only an empty read (or the range's end) ends the loop.
     */
    static void inChunks(UidRange range, ChunkRead read, Consumer<StoredMessage> answer) {
        long from = range.from();
        while (from <= range.to()) {
            List<StoredMessage> chunk = read.read(new UidRange(from, range.to()), CHUNK);
            chunk.forEach(answer);
            if (chunk.isEmpty()) {
                return;
            }
            long last = chunk.get(chunk.size() - 1).uid();
            if (last >= range.to()) {
                return;
            }
            from = last + 1;
        }
    }

    private void changed(List<MessageFlags> changed, StoredFetchResponses responses, Responder responder) {
        if (changed.isEmpty()) {
            return;
        }
        List<StoredMessage> rows;
        if (changed.size() <= ONE_BY_ONE) {
            rows = changed.stream().flatMap(row -> messages.list(folder, UidRange.one(row.uid()), 1).stream()).toList();
        } else {
            Set<Long> uids = new HashSet<>();
            changed.forEach(row -> uids.add(row.uid()));
            UidRange span = new UidRange(changed.get(0).uid(), changed.get(changed.size() - 1).uid());
            rows = messages.list(folder, span, 0).stream().filter(m -> uids.contains(m.uid())).toList();
        }
        for (StoredMessage message : rows) {
            if (responses.wanted(message.modSeq())) {
                respond(responses.of(message), responder);
            }
        }
    }

    private static void respond(FetchResponse response, Responder responder) {
        if (response != null) {
            responder.respond(response);
        }
    }
}
