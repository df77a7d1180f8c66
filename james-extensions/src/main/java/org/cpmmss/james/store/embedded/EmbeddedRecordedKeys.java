package org.cpmmss.james.store.embedded;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

import org.cpmmss.james.store.api.RecordedKey;
import org.cpmmss.james.store.api.RecordedKeys;
import org.cpmmss.james.store.sql.StoreRows;
import org.cpmmss.james.store.embedded.Transactor.Tx;

/**
 * {@link RecordedKeys} in the metadata database ({@code recorded_key}): written by the append in its own transaction
 * ({@link #insert}), so a key is in the same H2 chunk, under the same force, as the message it records.
 */
final class EmbeddedRecordedKeys implements RecordedKeys {
    static final String TABLE = "CREATE TABLE IF NOT EXISTS recorded_key(owner VARCHAR NOT NULL, okey VARCHAR NOT NULL,"
        + " folder VARCHAR NOT NULL, uid_validity BIGINT NOT NULL, uid BIGINT NOT NULL, recorded_at BIGINT NOT NULL,"
        + " PRIMARY KEY(owner, okey))";
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
        try (PreparedStatement ps = tx.connection().prepareStatement("MERGE INTO recorded_key(owner, okey, folder,"
            + " uid_validity, uid, recorded_at) KEY(owner, okey) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, key.owner().toLowerCase(Locale.ROOT));
            ps.setString(2, key.key());
            ps.setString(3, key.folder());
            ps.setLong(4, key.uidValidity());
            ps.setLong(5, uid);
            ps.setLong(6, now);
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<Entry> find(String owner, String key) {
        return transactor.read(tx -> StoreRows.recordedKey(tx.connection(), "recorded_key", owner, key));
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
