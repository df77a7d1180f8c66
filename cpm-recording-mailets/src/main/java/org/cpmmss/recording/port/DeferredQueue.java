package org.cpmmss.recording.port;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The deferred queue of delivery options 1 (notify) and 2 (push) of the seed's 5.2.5 (docs/deferred.md): messages
 * for a recipient who could not be reached, held durably until the user (or the PF for them) acts on them, a
 * client is pushed them, or they expire. One entry per (owner, object key): a resend of the same object is the
 * same entry. A small interface so a distributed implementation can replace {@code H2DeferredQueue} (james-extensions).
 */
public interface DeferredQueue {
    /** {@code queued}: waiting (pushed to push users); {@code kept}: the user chose to keep it deferred, not pushed again. */
    enum State {
        QUEUED, KEPT;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a door or the pipeline queues. {@code object} is the stored-object form (RFC 5322 header + body) as submitted. */
    record NewEntry(String owner, String objectKey, String originatorUri, String recipientUri, Optional<String> subject,
                    Instant date, Optional<String> conversationId, Optional<String> contributionId,
                    Optional<String> imdnMessageId, byte[] object, Instant expires) {
    }

    /** One queued message for one owner account. */
    record Entry(long id, String owner, String objectKey, String originatorUri, String recipientUri, Optional<String> subject,
                 Instant date, Optional<String> conversationId, Optional<String> contributionId,
                 Optional<String> imdnMessageId, byte[] object, Instant queuedAt, Instant expires, State state) {
        public int size() {
            return object.length;
        }
    }

    /** The id of an {@link #add}: new, or the existing entry of the same (owner, object key). */
    record Added(long id, boolean created) {
    }

    /** Adds an entry durably (committed when this returns), unless the owner already has one for that object key. */
    Added add(NewEntry entry);

    /** Every entry of the owner (any state, expired or not while not yet swept), oldest first. */
    List<Entry> list(String owner);

    /** The owner's entries to push: state queued and not expired at {@code now}, oldest first. */
    List<Entry> pending(String owner, Instant now);

    Optional<Entry> get(long id);

    /** Sets the state; false if the entry is gone. */
    boolean setState(long id, State state);

    /** Removes an entry; false if it was already gone (another device, another action). */
    boolean remove(long id);

    /** Entries with {@code expires <= now}, earliest first, at most {@code limit} (read by the expiry index). */
    List<Entry> expired(Instant now, int limit);

    /**
     * The expired entries this node's queue expiry is to handle now: on a shared store each is claimed by one node at
     * a time (skipped while another node's claim lasts); on a node-local store simply {@link #expired}.
     */
    default List<Entry> claimExpired(Instant now, int limit) {
        return expired(now, limit);
    }

    /**
     * Claims an entry for a push to a client; false when another node is pushing it (its claim still lasts). A
     * node-local store has no other node: always true.
     */
    default boolean claimForPush(long id) {
        return true;
    }

    /** Gives up this node's push claim on an entry left in the queue (the push failed), so any node may push it. */
    default void releasePush(long id) {
    }
}
