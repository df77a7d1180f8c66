package org.cpmmss.james.store.api;

import java.util.Optional;

/**
 * The idempotency keys the store recorded with their messages ({@link MessageStore#append(long, NewMessage,
 * RecordedKey)}): per owner (lower-cased) and key, the folder, UIDVALIDITY and UID of the message, and when it was
 * recorded. Every write returns once forced, as the store's other writes.
 */
public interface RecordedKeys {
    /** Where a key's message was stored. */
    record Entry(String folder, long uidValidity, long uid) {
    }

    Optional<Entry> find(String owner, String key);

    /** Records a key for a message stored earlier (a session part stored inside its session object); overwrites. */
    void record(RecordedKey key, long uid);

    /** Drops at most {@code limit} keys recorded before {@code cutoffMillis} (epoch ms); returns how many. */
    int forgetBefore(long cutoffMillis, int limit);
}
