package org.cpmmss.james.store.embedded;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.StoredMessage;

/**
 * The parts of recently appended or read messages that never change once written (dates, ids, MIME summary, the
 * blobs' addresses), so that a FETCH of one message's bytes, size or date — an RCS device reading the message that
 * just arrived — is answered without a metadata statement. Flags and MODSEQ are not kept (they change): an entry
 * carries none and MODSEQ 0.
 *
 * <p>Bounded (the oldest entries go first). A message leaves when its row is deleted and a folder's messages when the
 * folder is; a stale blob address is harmless (a read follows a blob that compaction moved). An entry is only added
 * from a state read or written before any deletion seen since: {@link #epoch()} is taken before the read (or inside
 * the writing transaction) and {@link #remember} adds nothing if a deletion ended meanwhile, and a deletion moves
 * the epoch before it removes entries, so an entry added by a reader that did not see it is removed by it.
 */
final class MessageContentCache {
    private final int capacity;
    private final AtomicLong deletions = new AtomicLong();
    private final Map<Key, StoredMessage> entries;

    private record Key(long folderId, long uid) {
    }

    MessageContentCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024) * 2, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, StoredMessage> eldest) {
                return size() > MessageContentCache.this.capacity;
            }
        };
    }

    /** The deletion epoch to give to {@link #remember}: take it before reading or inside the writing transaction. */
    long epoch() {
        return deletions.get();
    }

    /** Keeps the message's unchanging parts, unless a deletion ended since {@code epoch} was taken. */
    void remember(StoredMessage message, long epoch) {
        if (capacity == 0) {
            return;
        }
        StoredMessage content = message.withFlags(FlagState.NONE, 0);
        synchronized (entries) {
            if (deletions.get() == epoch) {
                entries.put(new Key(message.folderId(), message.uid()), content);
            }
        }
    }

    /** The message's unchanging parts (flags none, MODSEQ 0), or null when not kept. */
    StoredMessage find(long folderId, long uid) {
        synchronized (entries) {
            return entries.get(new Key(folderId, uid));
        }
    }

    /** A message's row was deleted (call once its deletion has committed). */
    void forget(long folderId, long uid) {
        synchronized (entries) {
            deletions.incrementAndGet();
            entries.remove(new Key(folderId, uid));
        }
    }

    /** A folder was deleted with its messages (call once its deletion has committed). */
    void forgetFolder(long folderId) {
        synchronized (entries) {
            deletions.incrementAndGet();
            entries.keySet().removeIf(key -> key.folderId() == folderId);
        }
    }
}
