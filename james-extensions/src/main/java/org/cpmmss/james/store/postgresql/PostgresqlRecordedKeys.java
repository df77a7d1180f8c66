package org.cpmmss.james.store.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

import org.cpmmss.james.store.api.KeyAlreadyRecordedException;
import org.cpmmss.james.store.api.RecordedKey;
import org.cpmmss.james.store.api.RecordedKeys;
import org.cpmmss.james.store.sql.StoreRows;

/**
 * {@link RecordedKeys} in {@code mail_recorded_key}, written by the append in its own transaction ({@link #insert}):
 * the key commits with its message. Several nodes share the table: a key another node recorded first makes the
 * append fail ({@link KeyAlreadyRecordedException}, rolled back) unless the caller replaces a record whose message
 * was found missing.
 */
final class PostgresqlRecordedKeys implements RecordedKeys {
    private static final String INSERT = "INSERT INTO mail_recorded_key (owner, okey, folder, uid_validity, uid,"
        + " recorded_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (owner, okey) DO ";

    private final PgTransactor transactor;
    private final Clock clock;

    PostgresqlRecordedKeys(PgTransactor transactor, Clock clock) {
        this.transactor = transactor;
        this.clock = clock;
    }

    static void insert(Connection c, RecordedKey key, long uid, long now, boolean replaces) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT + (replaces
            ? "UPDATE SET folder = EXCLUDED.folder, uid_validity = EXCLUDED.uid_validity, uid = EXCLUDED.uid,"
                + " recorded_at = EXCLUDED.recorded_at"
            : "NOTHING"))) {
            ps.setString(1, key.owner().toLowerCase(Locale.ROOT));
            ps.setString(2, key.key());
            ps.setString(3, key.folder());
            ps.setLong(4, key.uidValidity());
            ps.setLong(5, uid);
            ps.setLong(6, now);
            if (ps.executeUpdate() == 0) {
                throw new KeyAlreadyRecordedException(key);
            }
        }
    }

    @Override
    public Optional<Entry> find(String owner, String key) {
        return transactor.read(c -> StoreRows.recordedKey(c, "mail_recorded_key", owner, key));
    }

    @Override
    public void record(RecordedKey key, long uid) {
        transactor.write(c -> {
            insert(c, key, uid, clock.millis(), true);
            return null;
        });
    }

    @Override
    public int forgetBefore(long cutoffMillis, int limit) {
        return transactor.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM mail_recorded_key WHERE ctid IN"
                + " (SELECT ctid FROM mail_recorded_key WHERE recorded_at < ? LIMIT ?)")) {
                ps.setLong(1, cutoffMillis);
                ps.setInt(2, limit);
                return ps.executeUpdate();
            }
        });
    }
}
