package org.cpmmss.james.outbound;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable outbox of notifications the server itself sends to originators (positive delivery at hand-over,
 * negative delivery, late group-chat notifications), behind one small interface (H2 implementation:
 * {@link H2NotificationOutbox}, {@code <data>/h2/cpm-outbox}). An entry is written before anything is sent and
 * survives a restart; {@link OutboxSender} sends it, retries with backoff and gives up after a configured time.
 */
public interface NotificationOutbox {
    enum State { QUEUED, SENT, GAVE_UP }

    /**
     * @param id        the notification's IMDN-Message-ID (one entry per id: enqueuing it again does nothing)
     * @param recipient the envelope recipient at the PF (the originator's account or URI)
     */
    record Entry(String id, String recipient, byte[] object, Instant created, int attempts, Instant nextAttempt,
                 State state, String lastError) {
    }

    /** Adds an entry due now; false when an entry with this id exists already (queued, sent or given up). */
    boolean enqueue(String id, String recipient, byte[] object, Instant now);

    /** Queued entries whose next attempt is due at {@code now}, oldest first, at most {@code max}. */
    List<Entry> due(Instant now, int max);

    /**
     * The due entries this node's sender is to attempt now: on a shared outbox each is claimed by one node at a time
     * (skipped while another node's claim lasts; {@link #markSent}, {@link #reschedule} and {@link #giveUp} end the
     * claim); on a node-local outbox simply {@link #due}.
     */
    default List<Entry> claimDue(Instant now, int max) {
        return due(now, max);
    }

    Optional<Entry> get(String id);

    void markSent(String id, int attempts);

    void reschedule(String id, int attempts, Instant nextAttempt, String lastError);

    void giveUp(String id, int attempts, String lastError);

    /** Number of entries in a state. */
    long count(State state);
}
