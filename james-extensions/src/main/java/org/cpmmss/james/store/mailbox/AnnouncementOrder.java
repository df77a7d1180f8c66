package org.cpmmss.james.store.mailbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * New messages of a folder are announced (James's Added event, which every session that has the folder selected turns
 * into an EXISTS) in UID order. On the native store, appends to one folder run side by side and share one forced
 * commit; they commit in UID order (the folder row is locked from the UID's allocation to the commit) but may reach
 * their announcement in another order. An announcement of UID {@code n} therefore waits until {@code n - 1} has been
 * announced. A UID that is never announced (an append that failed after its commit, a UID reserved on its own) holds
 * the next announcement up for at most {@code maxWait}; the first announcement of a folder since the start waits for
 * nothing.
 *
 * <p>The wait holds no thread ({@link #turn} is a signal): an append that waited on its worker thread could be the
 * thread James's event delivery had queued the earlier UID's listeners on (Reactor's bounded-elastic pool hands a
 * busy worker new work once all are taken), so the earlier announcement waited for the later one's time-out — the
 * 2-second ingestion stalls of the soak with IMAP readers (docs/benchmarks.md).</p>
 */
final class AnnouncementOrder {
    private static final Logger LOGGER = LoggerFactory.getLogger(AnnouncementOrder.class);

    /** The highest UID announced in one folder, and the announcements waiting for a lower one. */
    private static final class Folder {
        private long announced;
        private final TreeMap<Long, List<Sinks.Empty<Void>>> waiting = new TreeMap<>();

        Folder(long announced) {
            this.announced = announced;
        }
    }

    private final Map<Long, Folder> folders = new ConcurrentHashMap<>();
    private final Duration maxWait;
    private final Scheduler timer;

    AnnouncementOrder(Duration maxWait, Scheduler timer) {
        this.maxWait = maxWait;
        this.timer = timer;
    }

    /**
     * Completes once every UID of the folder below {@code firstUid} has been announced, or once {@code maxWait} has
     * passed; holds no thread meanwhile.
     */
    Mono<Void> turn(long folderId, long firstUid) {
        Folder folder = folders.computeIfAbsent(folderId, id -> new Folder(firstUid - 1));
        Sinks.Empty<Void> ready = Sinks.empty();
        synchronized (folder) {
            if (folder.announced >= firstUid - 1) {
                return Mono.empty();
            }
            folder.waiting.computeIfAbsent(firstUid, uid -> new ArrayList<>()).add(ready);
        }
        return ready.asMono()
            .timeout(maxWait, timer)
            .onErrorResume(TimeoutException.class, e -> {
                long announced;
                synchronized (folder) {
                    announced = folder.announced;
                    List<Sinks.Empty<Void>> same = folder.waiting.get(firstUid);
                    if (same != null && same.remove(ready) && same.isEmpty()) {
                        folder.waiting.remove(firstUid);
                    }
                }
                if (announced < firstUid - 1) {
                    // a UID below will not be announced (or very late): go on without it
                    LOGGER.info("Folder {}: UID {} announced without UIDs {}..{}, not announced within {} ms",
                        folderId, firstUid, announced + 1, firstUid - 1, maxWait.toMillis());
                }
                return Mono.empty();
            });
    }

    /** The messages of the folder up to {@code lastUid} have been announced: the announcements they held go on. */
    void announced(long folderId, long lastUid) {
        Folder folder = folders.computeIfAbsent(folderId, id -> new Folder(lastUid));
        List<Sinks.Empty<Void>> released = new ArrayList<>();
        synchronized (folder) {
            if (lastUid > folder.announced) {
                folder.announced = lastUid;
            }
            Map<Long, List<Sinks.Empty<Void>>> due = folder.waiting.headMap(folder.announced + 1, true);
            due.values().forEach(released::addAll);
            due.clear();
        }
        // outside the lock: a released announcement is dispatched by the thread that completes it
        released.forEach(Sinks.Empty::tryEmitEmpty);
    }

    /** The folder was deleted. */
    void forget(long folderId) {
        folders.remove(folderId);
    }
}
