package org.cpmmss.james.store.embedded;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongFunction;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;

/**
 * Folders by id and by name, kept in memory: every IMAP command on a selected folder looks its folder up by id
 * (James reloads the mailbox per command), every APPEND by name; a folder's id, name and UIDVALIDITY only change by
 * a rename or a deletion, both
 * made through this node's {@link EmbeddedFolderStore}, which calls {@link #changed} after its write. A lookup that
 * ran while a change was made does not fill the cache (it may have read the row before the change), so the cache
 * never holds an older row than the database. A name that names no folder is not remembered (a creation needs no
 * invalidation). Only for the embedded store: one node owns the database. Bounded: when
 * it holds {@code capacity} folders it is emptied and fills again with the folders in use (an RCS user has a folder
 * per conversation, a server may have millions).
 */
final class FolderCache {
    static final int DEFAULT_CAPACITY = 20_000;

    private final ConcurrentHashMap<Long, Folder> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<FolderName, Folder> byName = new ConcurrentHashMap<>();
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
        return remember(database.apply(folderId), seen);
    }

    Optional<Folder> find(FolderName name, Function<FolderName, Optional<Folder>> database) {
        Folder cached = byName.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        long seen = changes.get();
        return remember(database.apply(name), seen);
    }

    private Optional<Folder> remember(Optional<Folder> read, long seen) {
        if (read.isPresent() && changes.get() == seen) {
            Folder folder = read.get();
            if (byId.size() >= capacity || byName.size() >= capacity) {
                byId.clear();
                byName.clear();
            }
            byId.put(folder.id(), folder);
            byName.put(folder.name(), folder);
            if (changes.get() != seen) { // a change raced with the puts: forget them, the next lookup reads again
                forget(folder.id());
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
        forget(folderId);
    }

    private void forget(long folderId) {
        Folder cached = byId.remove(folderId);
        if (cached != null) {
            byName.remove(cached.name(), cached);
        }
        // an entry by name whose entry by id went (a race with a clear at capacity): rare, look for it
        if (byName.size() != byId.size()) {
            byName.values().removeIf(folder -> folder.id() == folderId);
        }
    }
}
