package org.cpmmss.recording.port;

import java.util.List;
import java.util.Optional;

/**
 * The durable state of disposition-notification handling, behind one small interface (H2 implementation:
 * {@code H2NotificationStateStore} (james-extensions), {@code <data>/h2/cpm-imdn}).
 *
 * <ul>
 *   <li>first-wins claims: one row per (referenced IMDN-Message-ID, reporting user, delivery|display),
 *       naming the idempotency key of the notification that won;</li>
 *   <li>aggregates: per originator and referenced message, every reporter's latest status per kind, and
 *       the folder/UID of the aggregate object currently stored;</li>
 *   <li>pending ticks: keywords owed to a message that is not stored yet, applied when it is.</li>
 * </ul>
 */
public interface NotificationStateStore {
    enum Claim {
        /** This notification is the first for its key: store and forward it. */
        FIRST,
        /** This very notification (same idempotency key) already won: a resend, handled as the first. */
        SAME,
        /** Another notification already won this key: suppress this one. */
        SUPPRESSED
    }

    record Entry(String reporter, String kind, String status, String at) {
    }

    record AggregateObject(String folder, long uidValidity, long uid) {
    }

    /** Claims (referenced id, reporter, kind) for the notification whose idempotency key is {@code notificationKey}. */
    Claim claim(String referencedId, String reporter, String kind, String notificationKey);

    /** Adds or replaces a reporter's entry of one kind; false when the same entry was already there. */
    boolean putEntry(String owner, String referencedId, Entry entry);

    List<Entry> entries(String owner, String referencedId);

    Optional<AggregateObject> aggregateObject(String owner, String referencedId);

    void setAggregateObject(String owner, String referencedId, AggregateObject object);

    /** A keyword owed to the owner's copy of a message not stored yet (held in a session, or arriving later). */
    record PendingTick(String owner, String referencedId, String keyword) {
    }

    void addPendingTick(PendingTick tick);

    List<PendingTick> pendingTicks(String owner);

    void removePendingTick(PendingTick tick);

    /** Every owner with at least one pending tick. */
    java.util.Set<String> ownersWithPendingTicks();

    /**
     * True when other nodes write this state too (a shared database): what a node remembered of it at start (the
     * owners with pending ticks) may then be incomplete, and the store must be asked. False for a node-local store.
     */
    default boolean sharedByNodes() {
        return false;
    }
}
