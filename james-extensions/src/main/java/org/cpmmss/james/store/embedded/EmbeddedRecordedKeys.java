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
        try (PreparedStatement update = tx.connection().prepareStatement("UPDATE recorded_key SET folder = ?,"
            + " uid_validity = ?, uid = ?, recorded_at = ? WHERE khash = ? AND khash2 = ?")) {
            update.setString(1, key.folder());
            update.setLong(2, key.uidValidity());
            update.setLong(3, uid);
            update.setLong(4, now);
            update.setLong(5, hash.high());
            update.setLong(6, hash.low());
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = tx.connection().prepareStatement("INSERT INTO recorded_key(khash, khash2,"
            + " folder, uid_validity, uid, recorded_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, hash.high());
            insert.setLong(2, hash.low());
            insert.setString(3, key.folder());
            insert.setLong(4, key.uidValidity());
            insert.setLong(5, uid);
            insert.setLong(6, now);
            insert.executeUpdate();
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
