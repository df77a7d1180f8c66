package org.cpmmss.james.store.mailbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.james.events.Event;
import org.apache.james.mailbox.events.MailboxEvents.FlagsUpdated;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.cpmmss.james.store.api.SharedForce;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Announcements of writes made with a {@link SharedForce} whose force has not come yet: James's Added event of an
 * append, its FlagsUpdated event of a flag change. The write has committed, so James announces it as soon as the
 * mapper returns, but no session may hear of it before it is durable (it could still be lost: its UID given to
 * another message, its MODSEQ to another change). The event is held here and dispatched once the shared force settles
 * the write as durable, or dropped when the write is lost.
 *
 * <p>An append is known by its folder and UID; a flag change by its folder and the MODSEQ it gave the messages it
 * changed (one per write). The flag changes of one force (the ranges of one IMAP STORE) are announced together once
 * the force has completed: one FlagsUpdated per folder carrying every durable change, in the order written, where
 * James dispatched one per range (a STORE of 100 scattered UIDs: 100 events to every listener).</p>
 */
final class HeldAnnouncements {
    private static final Logger LOGGER = LoggerFactory.getLogger(HeldAnnouncements.class);

    private enum Kind { ADDED, FLAGS }

    private record Key(long folderId, long number, Kind kind) {
    }

    /** The held dispatch of one write, if its event has come. */
    private static final class Held {
        private final FlagBatch batch;
        private Supplier<Mono<Void>> dispatch;
        private FlagsUpdated flags;
        private Function<FlagsUpdated, Mono<Void>> send;

        private Held(FlagBatch batch) {
            this.batch = batch;
        }
    }

    /** The durable flag changes of one shared force, announced together when it completes. */
    static final class FlagBatch {
        private final List<Held> durable = new ArrayList<>();
    }

    private final Map<Key, Held> held = new ConcurrentHashMap<>();
    private final Map<SharedForce, FlagBatch> batches = new ConcurrentHashMap<>();

    /** The write of {@code uid} into the folder waits for its shared force: its announcement is to be held. */
    void expect(long folderId, long uid) {
        held.put(new Key(folderId, uid, Kind.ADDED), new Held(null));
    }

    /**
     * The flag change of the folder under {@code modSeq} waits for {@code force}: its announcement is held, and goes
     * out with the force's other flag changes once it has completed.
     */
    void expectFlags(long folderId, long modSeq, SharedForce force) {
        FlagBatch batch = batches.computeIfAbsent(force, f -> {
            FlagBatch created = new FlagBatch();
            f.whenCompleted(() -> {
                batches.remove(f);
                announce(created);
            });
            return created;
        });
        held.put(new Key(folderId, modSeq, Kind.FLAGS), new Held(batch));
    }

    /**
     * Holds the announcement of {@code uid} when its write waits for its shared force: returns true, and
     * {@code dispatch} runs when the write settles as durable. False when the write is not waiting (announce now).
     */
    boolean hold(long folderId, long uid, Supplier<Mono<Void>> dispatch) {
        Held h = held.get(new Key(folderId, uid, Kind.ADDED));
        if (h == null) {
            return false;
        }
        synchronized (h) {
            if (!held.containsKey(new Key(folderId, uid, Kind.ADDED))) {
                return false; // settled meanwhile (durable: the announcement goes now)
            }
            h.dispatch = dispatch;
            return true;
        }
    }

    /**
     * As {@link #hold}, for the flag change of the folder under {@code modSeq}: {@code send} dispatches the event (or
     * the force's merged event for the folder) once the force has completed.
     */
    boolean holdFlags(long folderId, long modSeq, FlagsUpdated event, Function<FlagsUpdated, Mono<Void>> send) {
        Key key = new Key(folderId, modSeq, Kind.FLAGS);
        Held h = held.get(key);
        if (h == null) {
            return false;
        }
        synchronized (h) {
            if (!held.containsKey(key)) {
                return false;
            }
            h.flags = event;
            h.send = send;
            return true;
        }
    }

    /**
     * The write of {@code uid} is settled: when durable, its held announcement is dispatched (this call returns once
     * it has been, unless it runs on a thread that must not block); when lost, it is dropped.
     */
    void settle(long folderId, long uid, boolean durable) {
        Held h = remove(new Key(folderId, uid, Kind.ADDED));
        Supplier<Mono<Void>> dispatch;
        if (h == null) {
            return;
        }
        synchronized (h) {
            dispatch = h.dispatch;
        }
        if (durable && dispatch != null) {
            send(dispatch.get());
        }
    }

    /** The flag change of the folder under {@code modSeq} is settled: when durable, it joins its force's batch. */
    void settleFlags(long folderId, long modSeq, boolean durable) {
        Held h = remove(new Key(folderId, modSeq, Kind.FLAGS));
        if (h == null || !durable) {
            return;
        }
        synchronized (h.batch) {
            h.batch.durable.add(h);
        }
    }

    private Held remove(Key key) {
        Held h = held.get(key);
        if (h == null) {
            return null;
        }
        synchronized (h) {
            held.remove(key);
        }
        return h;
    }

    /** One FlagsUpdated per folder for the durable changes of a completed force, in the order they were written. */
    private void announce(FlagBatch batch) {
        Map<MailboxId, List<Held>> byFolder = new LinkedHashMap<>();
        synchronized (batch) {
            for (Held h : batch.durable) {
                synchronized (h) {
                    if (h.flags != null) {
                        byFolder.computeIfAbsent(h.flags.getMailboxId(), id -> new ArrayList<>()).add(h);
                    }
                }
            }
        }
        for (List<Held> changes : byFolder.values()) {
            FlagsUpdated first = changes.get(0).flags;
            if (changes.size() == 1) {
                send(changes.get(0).send.apply(first));
                continue;
            }
            List<UpdatedFlags> all = new ArrayList<>();
            changes.forEach(h -> all.addAll(h.flags.getUpdatedFlags()));
            send(changes.get(0).send.apply(new FlagsUpdated(first.getSessionId(), first.getUsername(),
                first.getMailboxPath(), first.getMailboxId(), all, Event.EventId.random())));
        }
    }

    private static void send(Mono<Void> dispatch) {
        if (Schedulers.isInNonBlockingThread()) {
            // a thread that must not block: block() would subscribe, then throw, cutting a batch's other sends short;
            // the announcement goes out without being waited for
            dispatch.subscribe(done -> { }, error -> LOGGER.warn("A held announcement failed", error));
        } else {
            dispatch.block();
        }
    }

    /** How many writes wait for their force (tests). */
    int waiting() {
        return held.size();
    }
}
