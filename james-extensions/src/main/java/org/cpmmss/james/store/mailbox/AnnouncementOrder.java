package org.cpmmss.james.store.mailbox;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * New messages of a folder are announced (James's Added event, which every session that has the folder selected turns
 * into an EXISTS) in UID order. On the native store, appends to one folder run side by side and share one forced
 * commit; they commit in UID order (the folder row is locked from the UID's allocation to the commit) but may reach
 * their announcement in another order. An announcement of UID {@code n} therefore waits until {@code n - 1} has been
 * announced. A UID that is never announced (an append that failed after its commit, a UID reserved on its own) holds
 * the next announcement up for at most {@code maxWaitMillis}; the first announcement of a folder since the start
 * waits for nothing.
 */
final class AnnouncementOrder {
    /** The highest UID announced in one folder. */
    private static final class Folder {
        private long announced;

        Folder(long announced) {
            this.announced = announced;
        }
    }

    private final Map<Long, Folder> folders = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long maxWaitMillis;

    AnnouncementOrder(Clock clock, long maxWaitMillis) {
        this.clock = clock;
        this.maxWaitMillis = maxWaitMillis;
    }

    /** Returns once every UID of the folder below {@code firstUid} has been announced (or the wait is over). */
    void awaitTurn(long folderId, long firstUid) {
        Folder folder = folders.computeIfAbsent(folderId, id -> new Folder(firstUid - 1));
        long deadline = clock.millis() + maxWaitMillis;
        synchronized (folder) {
            while (folder.announced < firstUid - 1) {
                long left = deadline - clock.millis();
                if (left <= 0) {
                    return; // a UID below will not be announced (or very late): go on without it
                }
                try {
                    folder.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The messages of the folder up to {@code lastUid} have been announced. */
    void announced(long folderId, long lastUid) {
        Folder folder = folders.computeIfAbsent(folderId, id -> new Folder(lastUid));
        synchronized (folder) {
            if (lastUid > folder.announced) {
                folder.announced = lastUid;
            }
            folder.notifyAll();
        }
    }

    /** The folder was deleted. */
    void forget(long folderId) {
        folders.remove(folderId);
    }
}
