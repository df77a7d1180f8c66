package org.cpmmss.james.store.mailbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * Announcements (James's Added events) of appends made with a {@link org.cpmmss.james.store.api.SharedForce} whose
 * force has not come yet: the append has committed, so James announces it as soon as the mapper returns, but no
 * session may hear of a message before it is durable (it could still be lost, and its UID given to another message).
 * The event is held here and dispatched once the shared force settles the write as durable, or dropped when the
 * write is lost.
 */
final class HeldAnnouncements {
    private record Key(long folderId, long uid) {
    }

    /** The held dispatch of one write, if its event has come. */
    private static final class Held {
        private Supplier<Mono<Void>> dispatch;
    }

    private final Map<Key, Held> held = new ConcurrentHashMap<>();

    /** The write of {@code uid} into the folder waits for its shared force: its announcement is to be held. */
    void expect(long folderId, long uid) {
        held.put(new Key(folderId, uid), new Held());
    }

    /**
     * Holds the announcement of {@code uid} when its write waits for its force: returns true, and {@code dispatch}
     * runs when the write settles as durable. False when the write is not waiting (announce now).
     */
    boolean hold(long folderId, long uid, Supplier<Mono<Void>> dispatch) {
        Held h = held.get(new Key(folderId, uid));
        if (h == null) {
            return false;
        }
        synchronized (h) {
            if (!held.containsKey(new Key(folderId, uid))) {
                return false; // settled meanwhile (durable: the announcement goes now)
            }
            h.dispatch = dispatch;
            return true;
        }
    }

    /**
     * The write of {@code uid} is settled: when durable, its held announcement is dispatched (this call returns once
     * it has been); when lost, it is dropped.
     */
    void settle(long folderId, long uid, boolean durable) {
        Held h = held.get(new Key(folderId, uid));
        if (h == null) {
            return;
        }
        Supplier<Mono<Void>> dispatch;
        synchronized (h) {
            held.remove(new Key(folderId, uid));
            dispatch = h.dispatch;
        }
        if (durable && dispatch != null) {
            dispatch.get().block();
        }
    }

    /** How many writes wait for their force (tests). */
    int waiting() {
        return held.size();
    }
}
