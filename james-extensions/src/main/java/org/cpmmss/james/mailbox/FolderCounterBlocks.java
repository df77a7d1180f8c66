package org.cpmmss.james.mailbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.mailbox.exception.MailboxException;

/**
 * A per-folder counter (the UIDs or the MODSEQs of a James mailbox) handed out from blocks reserved in the
 * database: one transaction per {@code blockSize} values instead of one per value.
 *
 * <p>A value is handed out only after the reservation of its block is committed, so after a restart (even a
 * SIGKILL) the counter continues above the stored top, above every value handed out before: never reused. The
 * values a crash leaves unused are skipped; IMAP allows gaps in UIDs and MODSEQs (RFC 3501 2.3.1.1, RFC 7162 3.1).
 * Until a folder's counter is used in this process, its last value is the stored top.
 */
final class FolderCounterBlocks {
    /** The stored counter of a folder. */
    interface StoredCounter {
        /** Moves the stored top of the folder's counter up by {@code count}, committed; returns the new top. */
        long reserve(long folderId, int count) throws MailboxException;

        /** The stored top of the folder's counter (0 when none was handed out). */
        long read(long folderId) throws MailboxException;
    }

    private static final class Counter {
        private boolean loaded;
        private long last;
        private long reservedTop;
    }

    private final StoredCounter stored;
    private final int blockSize;
    private final Map<Long, Counter> counters = new ConcurrentHashMap<>();

    FolderCounterBlocks(StoredCounter stored, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be at least 1: " + blockSize);
        }
        this.stored = stored;
        this.blockSize = blockSize;
    }

    long next(long folderId) throws MailboxException {
        Counter counter = counters.computeIfAbsent(folderId, id -> new Counter());
        synchronized (counter) {
            if (!counter.loaded || counter.last == counter.reservedTop) {
                long top = stored.reserve(folderId, blockSize);
                if (!counter.loaded) {
                    counter.last = top - blockSize;
                    counter.loaded = true;
                }
                counter.reservedTop = top;
            }
            counter.last++;
            return counter.last;
        }
    }

    long last(long folderId) throws MailboxException {
        Counter counter = counters.get(folderId);
        if (counter != null) {
            synchronized (counter) {
                if (counter.loaded) {
                    return counter.last;
                }
            }
        }
        return stored.read(folderId);
    }
}
