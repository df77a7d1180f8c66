package org.cpmmss.james.store.mailbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Announcements of writes made with a {@link org.cpmmss.james.store.api.SharedForce} whose force has not come yet:
 * James's Added event of an append, its FlagsUpdated event of a flag change. The write has committed, so James
 * announces it as soon as the mapper returns, but no session may hear of it before it is durable (it could still be
 * lost: its UID given to another message, its MODSEQ to another change). The event is held here and dispatched once
 * the shared force settles the write as durable, or dropped when the write is lost.
 *
 * <p>An append is known by its folder and UID; a flag change by its folder and the MODSEQ it gave the messages it
 * changed (one per write).</p>
 */
final class HeldAnnouncements {
    private static final Logger LOGGER = LoggerFactory.getLogger(HeldAnnouncements.class);
    private enum Kind { ADDED, FLAGS }

    private record Key(long folderId, long number, Kind kind) {
    }

    /** The held dispatch of one write, if its event has come. */
    private static final class Held {
        private Supplier<Mono<Void>> dispatch;
    }

    private final Map<Key, Held> held = new ConcurrentHashMap<>();

    /** The write of {@code uid} into the folder waits for its shared force: its announcement is to be held. */
    void expect(long folderId, long uid) {
        held.put(new Key(folderId, uid, Kind.ADDED), new Held());
    }

    /** The flag change of the folder under {@code modSeq} waits for its shared force: its announcement is held. */
    void expectFlags(long folderId, long modSeq) {
        held.put(new Key(folderId, modSeq, Kind.FLAGS), new Held());
    }

    /**
     * Holds the announcement of {@code uid} when its write waits for its shared force: returns true, and
     * {@code dispatch} runs when the write settles as durable. False when the write is not waiting (announce now).
     */
    boolean hold(long folderId, long uid, Supplier<Mono<Void>> dispatch) {
        return hold(new Key(folderId, uid, Kind.ADDED), dispatch);
    }

    /** As {@link #hold}, for the flag change of the folder under {@code modSeq}. */
    boolean holdFlags(long folderId, long modSeq, Supplier<Mono<Void>> dispatch) {
        return hold(new Key(folderId, modSeq, Kind.FLAGS), dispatch);
    }

    private boolean hold(Key key, Supplier<Mono<Void>> dispatch) {
        Held h = held.get(key);
        if (h == null) {
            return false;
        }
        synchronized (h) {
            if (!held.containsKey(key)) {
                return false; // settled meanwhile (durable: the announcement goes now)
            }
            h.dispatch = dispatch;
            return true;
        }
    }

    /**
     * The write of {@code uid} is settled: when durable, its held announcement is dispatched (this call returns once
     * it has been, unless it runs on a thread that must not block); when lost, it is dropped.
     */
    void settle(long folderId, long uid, boolean durable) {
        settle(new Key(folderId, uid, Kind.ADDED), durable);
    }

    /** As {@link #settle}, for the flag change of the folder under {@code modSeq}. */
    void settleFlags(long folderId, long modSeq, boolean durable) {
        settle(new Key(folderId, modSeq, Kind.FLAGS), durable);
    }

    private void settle(Key key, boolean durable) {
        Held h = held.get(key);
        if (h == null) {
            return;
        }
        Supplier<Mono<Void>> dispatch;
        synchronized (h) {
            held.remove(key);
            dispatch = h.dispatch;
        }
        if (durable && dispatch != null) {
            if (Schedulers.isInNonBlockingThread()) {
                // a thread that must not block (an event loop): the announcement goes out without being waited for
                dispatch.get().subscribe(done -> { }, error -> LOGGER.warn("A held announcement failed", error));
            } else {
                dispatch.get().block();
            }
        }
    }

    /** How many writes wait for their force (tests). */
    int waiting() {
        return held.size();
    }
}
