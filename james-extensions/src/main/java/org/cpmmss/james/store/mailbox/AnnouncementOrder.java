package org.cpmmss.james.store.mailbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * New messages of a folder written through this node are announced (James's Added event, which every session that
 * has the folder selected turns into an EXISTS) in UID order. On the native store, appends to one folder run side by
 * side and share one forced commit; they commit in UID order (the folder row is locked from the UID's allocation to
 * the commit) but may reach their announcement in another order.
 *
 * <p>So the order follows the writes of this node ({@link #begin}): an announcement waits for the writes that began
 * before its own was stored and that either hold a lower UID not announced yet or have no UID yet — unless its UID
 * comes right after the last one announced, when no lower UID is left for them to get. A write
 * that began after its own was stored allocates after it, so gets a higher UID, and is not waited for; nor is any UID
 * this node did not write (another node's, on a shared store: its announcement reaches this node's sessions through
 * the shared event bus, and waiting for it here would hold every append up for the whole wait), nor a UID reserved on
 * its own. A write that failed is forgotten at once; a stored one never announced (its append failed after the store)
 * holds a later announcement up for at most {@code maxWait}.</p>
 *
 * <p>The wait holds no thread ({@link #turn} is a signal): an append that waited on its worker thread could be the
 * thread James's event delivery had queued the earlier UID's listeners on (Reactor's bounded-elastic pool hands a
 * busy worker new work once all are taken), so the earlier announcement waited for the later one's time-out — the
 * 2-second ingestion stalls of the soak with IMAP readers (docs/benchmarks.md).</p>
 */
final class AnnouncementOrder {
    private static final Logger LOGGER = LoggerFactory.getLogger(AnnouncementOrder.class);
    private static final long NO_UID = -1;
    /** A stored write or an idle folder this many waits old is forgotten by the next sweep. */
    private static final int FORGOTTEN_AFTER_WAITS = 10;

    /** A write of one new message into a folder through this node, from its start to its announcement. */
    static final class Write {
        private final long folderId;
        private final long sequence;
        private long uid = NO_UID;
        /** The folder's write sequence when this one was stored: writes begun from then on come after it. */
        private long storedAt;
        private long storedAtMillis;

        private Write(long folderId, long sequence) {
            this.folderId = folderId;
            this.sequence = sequence;
        }
    }

    /** An announcement waiting for its turn. */
    private static final class Waiter {
        private final long firstUid;
        private final long before;
        private final Sinks.Empty<Void> ready = Sinks.empty();

        private Waiter(long firstUid, long before) {
            this.firstUid = firstUid;
            this.before = before;
        }
    }

    /** The writes of one folder not announced yet, by the order they began, and the announcements waiting. */
    private static final class Folder {
        private long begun;
        /** The highest UID announced since the folder's entry was made ({@link #NO_UID}: none). */
        private long lastAnnounced = NO_UID;
        /** When the folder last had neither a write nor a waiting announcement (0: it has one now). */
        private long idleSinceMillis;
        private final TreeMap<Long, Write> writes = new TreeMap<>();
        private final List<Waiter> waiting = new ArrayList<>();

        boolean idle() {
            return writes.isEmpty() && waiting.isEmpty();
        }

        Write stored(long uid) {
            for (Write write : writes.values()) {
                if (write.uid == uid) {
                    return write;
                }
            }
            return null;
        }

        /**
         * Whether no earlier write may still be announced below the waiter. A write with no UID yet counts unless the
         * waiter's UID comes right after the last one announced (no UID is left below it for that write to get).
         */
        boolean mayGo(Waiter waiter) {
            boolean next = lastAnnounced != NO_UID && waiter.firstUid <= lastAnnounced + 1;
            for (Write write : writes.headMap(waiter.before, false).values()) {
                if (write.uid == NO_UID ? !next : write.uid < waiter.firstUid) {
                    return false;
                }
            }
            return true;
        }

        /** Removes and returns the waiters whose turn has come. */
        List<Sinks.Empty<Void>> due() {
            List<Sinks.Empty<Void>> due = new ArrayList<>();
            for (Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
                Waiter waiter = it.next();
                if (mayGo(waiter)) {
                    it.remove();
                    due.add(waiter.ready);
                }
            }
            return due;
        }
    }

    /**
     * Every this many writes, the sweep forgets what is {@link #FORGOTTEN_AFTER_WAITS} waits old: stored writes whose
     * announcement never came (a later announcement's time-out drops them sooner), then idle folders.
     */
    private static final int SWEEP_EVERY = 4096;

    private final Map<Long, Folder> folders = new ConcurrentHashMap<>();
    private final HeldAnnouncements held = new HeldAnnouncements();
    private final AtomicLong writesBegun = new AtomicLong();
    private final Duration maxWait;
    private final Scheduler timer;

    AnnouncementOrder(Duration maxWait, Scheduler timer) {
        this.maxWait = maxWait;
        this.timer = timer;
    }

    /** The announcements held until their writes' shared force settles them. */
    HeldAnnouncements held() {
        return held;
    }

    /** A write of a new message into the folder begins (before its UID is allocated). */
    Write begin(long folderId) {
        Write[] begun = new Write[1];
        if (writesBegun.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(timer.now(TimeUnit.MILLISECONDS) - FORGOTTEN_AFTER_WAITS * maxWait.toMillis());
        }
        folders.compute(folderId, (id, folder) -> {
            Folder f = folder == null ? new Folder() : folder;
            f.idleSinceMillis = 0;
            begun[0] = new Write(folderId, f.begun++);
            f.writes.put(begun[0].sequence, begun[0]);
            return f;
        });
        return begun[0];
    }

    /** The write is stored (durably) under {@code uid}; its announcement follows. */
    void stored(Write write, long uid) {
        long now = timer.now(TimeUnit.MILLISECONDS);
        release(write.folderId, folder -> {
            write.uid = uid;
            write.storedAt = folder.begun;
            write.storedAtMillis = now;
        });
    }

    /** The write failed: it will not be announced. */
    void failed(Write write) {
        release(write.folderId, folder -> folder.writes.remove(write.sequence));
    }

    /**
     * Completes once the announcement of {@code firstUid} (and the UIDs with it) may go, or once {@code maxWait} has
     * passed; holds no thread meanwhile.
     */
    Mono<Void> turn(long folderId, long firstUid) {
        Waiter[] queued = new Waiter[1];
        folders.computeIfPresent(folderId, (id, folder) -> {
            Write own = folder.stored(firstUid);
            if (own == null) {
                return folder; // not written through this node (or forgotten): nothing to wait for
            }
            Waiter waiter = new Waiter(firstUid, own.storedAt);
            if (!folder.mayGo(waiter)) {
                folder.waiting.add(waiter);
                queued[0] = waiter;
            }
            return folder;
        });
        if (queued[0] == null) {
            return Mono.empty();
        }
        Waiter waiter = queued[0];
        return waiter.ready.asMono()
            .timeout(maxWait, timer)
            .onErrorResume(TimeoutException.class, e -> {
                List<Long> skipped = new ArrayList<>();
                boolean[] timedOut = new boolean[1];
                release(folderId, folder -> {
                    timedOut[0] = folder.waiting.remove(waiter);
                    if (timedOut[0]) {
                        // a lower UID stored but still not announced will not be: later announcements go on without it
                        folder.writes.headMap(waiter.before, false).values().removeIf(w -> {
                            boolean stale = w.uid != NO_UID && w.uid < waiter.firstUid;
                            if (stale) {
                                skipped.add(w.uid);
                            }
                            return stale;
                        });
                    }
                });
                if (timedOut[0]) {
                    LOGGER.info("Folder {}: UID {} announced after waiting {} ms for earlier writes of this node "
                        + "(not announced: UIDs {})", folderId, firstUid, maxWait.toMillis(), skipped);
                }
                return Mono.empty();
            });
    }

    /** The messages {@code uids} of the folder have been announced: the announcements they held go on. */
    void announced(long folderId, Collection<Long> uids) {
        release(folderId, folder -> {
            folder.writes.values().removeIf(w -> w.uid != NO_UID && uids.contains(w.uid));
            uids.stream().mapToLong(Long::longValue).max()
                .ifPresent(last -> folder.lastAnnounced = Math.max(folder.lastAnnounced, last));
        });
    }

    /** The folder was deleted. */
    void forget(long folderId) {
        Folder folder = folders.remove(folderId);
        if (folder != null) {
            folder.waiting.forEach(waiter -> waiter.ready.tryEmitEmpty());
        }
    }

    /** How many folders are remembered (in flight, or idle and not forgotten yet). */
    int foldersKept() {
        return folders.size();
    }

    /**
     * Forgets the stored writes not announced since before {@code before}, then the folders idle since before it
     * (what is kept of them is their last announced UID).
     */
    private void sweep(long before) {
        for (Long folderId : folders.keySet()) {
            folders.computeIfPresent(folderId, (id, folder) -> {
                if (folder.writes.values().removeIf(w -> w.uid != NO_UID && w.storedAtMillis < before)
                    && folder.idle()) {
                    folder.idleSinceMillis = before;
                }
                return folder.idle() && folder.idleSinceMillis != 0 && folder.idleSinceMillis <= before ? null : folder;
            });
        }
    }

    /** Applies a change to the folder's writes, then lets go the announcements whose turn has come (outside the lock). */
    private void release(long folderId, Consumer<Folder> change) {
        List<List<Sinks.Empty<Void>>> released = new ArrayList<>(1);
        long now = timer.now(TimeUnit.MILLISECONDS);
        folders.computeIfPresent(folderId, (id, folder) -> {
            change.accept(folder);
            released.add(folder.due());
            // an idle folder is kept a while: its last announced UID lets the next announcement skip waiting
            folder.idleSinceMillis = folder.idle() ? now : 0;
            return folder;
        });
        // a released announcement is dispatched by the thread that completes it: never under the map's lock
        released.forEach(due -> due.forEach(Sinks.Empty::tryEmitEmpty));
    }
}
