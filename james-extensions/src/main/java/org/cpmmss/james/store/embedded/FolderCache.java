package org.cpmmss.james.store.embedded;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import org.cpmmss.james.store.api.Folder;

/**
 * Folders by id, kept in memory: every IMAP command on a selected folder looks its folder up by id (James reloads
 * the mailbox per command), and a folder's id, name and UIDVALIDITY only change by a rename or a deletion, both
 * made through this node's {@link EmbeddedFolderStore}, which calls {@link #changed} after its write. A lookup that
 * ran while a change was made does not fill the cache (it may have read the row before the change), so the cache
 * never holds an older row than the database. Only for the embedded store: one node owns the database. Bounded: when
 * it holds {@code capacity} folders it is emptied and fills again with the folders in use (an RCS user has a folder
 * per conversation, a server may have millions).
 */
final class FolderCache {
    static final int DEFAULT_CAPACITY = 20_000;

    private final ConcurrentHashMap<Long, Folder> byId = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private final int capacity;

    FolderCache() {
        this(DEFAULT_CAPACITY);
    }

    FolderCache(int capacity) {
        this.capacity = capacity;
    }

    Optional<Folder> find(long folderId, LongFunction<Optional<Folder>> database) {
        Folder cached = byId.get(folderId);
        if (cached != null) {
            return Optional.of(cached);
        }
        long seen = changes.get();
        Optional<Folder> read = database.apply(folderId);
        if (read.isPresent() && changes.get() == seen) {
            if (byId.size() >= capacity) {
                byId.clear();
            }
            byId.put(folderId, read.get());
            if (changes.get() != seen) { // a change raced with the put: forget it, the next lookup reads again
                byId.remove(folderId);
            }
        }
        return read;
    }

    int size() {
        return byId.size();
    }

    /** After a committed rename or deletion of the folder. */
    void changed(long folderId) {
        changes.incrementAndGet();
        byId.remove(folderId);
    }
}
