package org.cpmmss.james.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

import org.cpmmss.james.store.api.RecordedKey;
import org.cpmmss.james.store.api.RecordedKeys;
import org.cpmmss.james.store.embedded.Transactor.Tx;

/**
 * {@link RecordedKeys} in the metadata database ({@code recorded_key}, kept and found by the 128-bit hash of owner
 * and key: {@link RecordedKeyHashIndex}): written by the append in its own transaction ({@link #insert}), so a key is in the
 * same H2 chunk, under the same force, as the message it records.
 */
final class EmbeddedRecordedKeys implements RecordedKeys {
    /**
     * The index the expiry deletes by. Created by the first {@link #forgetBefore} (a dedupe retention is configured),
     * not with the table: under the default retention (for ever) nothing reads it, and every append would pay for it
     * (one more B-tree path in each commit's chunk, about a quarter of a key row's space; docs/benchmarks.md,
     * "Sixteenth session"). A store created before keeps its index.
     */
    static final String INDEX = "CREATE INDEX IF NOT EXISTS recorded_key_at ON recorded_key(recorded_at)";

    private final Transactor transactor;
    private final Clock clock;
    private volatile boolean expiryIndexed;

    EmbeddedRecordedKeys(Transactor transactor, Clock clock) {
        this.transactor = transactor;
        this.clock = clock;
    }

    /**
     * Records {@code key} for the message {@code uid} inside the caller's transaction. One node owns the embedded
     * store and the recording pipeline serialises a key's deliveries, so an existing record is simply overwritten.
     */
    static void insert(Tx tx, RecordedKey key, long uid, long now) throws SQLException {
        RecordedKeyHash hash = RecordedKeyHash.of(key.owner(), key.key());
        // H2's MERGE … KEY updates the row of that hash (through its index) or inserts one: no unique constraint needed
        try (PreparedStatement ps = tx.connection().prepareStatement("MERGE INTO recorded_key(khash, khash2, folder,"
            + " uid_validity, uid, recorded_at) KEY(khash, khash2) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, hash.high());
            ps.setLong(2, hash.low());
            ps.setString(3, key.folder());
            ps.setLong(4, key.uidValidity());
            ps.setLong(5, uid);
            ps.setLong(6, now);
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<Entry> find(String owner, String key) {
        RecordedKeyHash hash = RecordedKeyHash.of(owner, key);
        return transactor.read(tx -> {
            try (PreparedStatement q = tx.connection().prepareStatement("SELECT folder, uid_validity, uid"
                + " FROM recorded_key WHERE khash = ? AND khash2 = ?")) {
                q.setLong(1, hash.high());
                q.setLong(2, hash.low());
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? Optional.of(new Entry(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                        : Optional.empty();
                }
            }
        });
    }

    @Override
    public void record(RecordedKey key, long uid) {
        transactor.write(tx -> {
            insert(tx, key, uid, clock.millis());
            return null;
        });
    }

    @Override
    public int forgetBefore(long cutoffMillis, int limit) {
        if (!expiryIndexed) {
            transactor.write(tx -> {
                try (var statement = tx.connection().createStatement()) {
                    statement.execute(INDEX);
                }
                return null;
            });
            expiryIndexed = true;
        }
        return transactor.write(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement(
                "DELETE FROM recorded_key WHERE recorded_at < ? FETCH FIRST ? ROWS ONLY")) {
                ps.setLong(1, cutoffMillis);
                ps.setInt(2, limit);
                return ps.executeUpdate();
            }
        });
    }
}
