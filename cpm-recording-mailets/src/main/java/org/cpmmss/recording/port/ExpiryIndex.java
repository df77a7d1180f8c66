package org.cpmmss.recording.port;

import java.time.Instant;
import java.util.List;

/**
 * The durable index of temporary (handed-over, not yet accessed) objects: one entry per stored copy,
 * ordered by expiry so a sweep reads only what has expired.
 */
public interface ExpiryIndex {
    record Entry(String owner, String mailboxId, long uid, Instant expiresAt) {
    }

    /** Adds or replaces the entry of (mailbox, uid). */
    void put(Entry entry);

    /** Adds or replaces many entries (one transaction where the implementation can). */
    default void putAll(List<Entry> entries) {
        entries.forEach(this::put);
    }

    /** How many entries the index holds. */
    long size();

    /** Removes the entry of (mailbox, uid), if any. */
    void remove(String mailboxId, long uid);

    /** Entries with {@code expiresAt <= now}, earliest first, at most {@code limit}. */
    List<Entry> expired(Instant now, int limit);

    /**
     * The expired entries this node's sweep is to handle now, at most {@code limit}: on a shared store each entry is
     * claimed by one node at a time (another node's claim is skipped until its lease ends); on a node-local store
     * simply {@link #expired}. The sweep removes an entry once handled.
     */
    default List<Entry> claimExpired(Instant now, int limit) {
        return expired(now, limit);
    }

    /** Whether (mailbox, uid) is indexed. */
    boolean contains(String mailboxId, long uid);
}
