package org.cpmmss.james.store.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells a client reading a folder's messages one after the other (a device fetching each message of a conversation
 * in turn, or going back through its history, an IMAP client downloading bodies one by one) from one picking
 * messages here and there: per folder, the UID of the last single message read. A single read within
 * {@link #STRIDE} UIDs after the folder's last one reads on, within {@link #STRIDE} before it reads back; the store
 * then reads the rows of the next (or previous) messages with it ({@link EmbeddedMessageStore}), so that the FETCHes
 * after it are answered without a metadata statement each (one was a third of such a FETCH's CPU). Bounded: the
 * {@link #FOLDERS} folders read most recently.
 */
final class SequentialReads {
    enum Direction { NONE, ON, BACK }

    /** The most a sequential read may skip (messages expunged, or left out by the client). */
    static final long STRIDE = 4;
    static final int FOLDERS = 256;

    private final Map<Long, Long> lastRead = new LinkedHashMap<>(FOLDERS * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > FOLDERS;
        }
    };

    /** Notes a single read of {@code uid} in the folder; how it follows the folder's previous single read. */
    synchronized Direction follows(long folderId, long uid) {
        Long before = lastRead.put(folderId, uid);
        if (before == null || uid == before || Math.abs(uid - before) > STRIDE) {
            return Direction.NONE;
        }
        return uid > before ? Direction.ON : Direction.BACK;
    }
}
