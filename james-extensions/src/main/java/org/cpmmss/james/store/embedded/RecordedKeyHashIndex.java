package org.cpmmss.james.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code recorded_key} is found through an index of 64-bit hashes ({@link RecordedKeyHash}), not a primary key on
 * (owner, key): RCS keys are random (IMDN-Message-IDs), so every object's key lands on a random leaf of that index,
 * which each commit rewrites whole — with the owner and key strings in it, a leaf of about 4 KB per object, and old
 * H2 chunks kept alive by such leaves until compaction moves them (docs/benchmarks.md, "Twenty-second session"). A
 * leaf of hashes holds the same 48 entries in a fifth of the bytes, and the rows themselves go in the order they are
 * recorded. A store written before has the primary key: at open the hashes are filled, the index made, and the
 * primary key dropped last, so each step runs again after a crash part-way.
 */
final class RecordedKeyHashIndex {
    static final String TABLE = "CREATE TABLE IF NOT EXISTS recorded_key(owner VARCHAR NOT NULL, okey VARCHAR NOT NULL,"
        + " folder VARCHAR NOT NULL, uid_validity BIGINT NOT NULL, uid BIGINT NOT NULL, recorded_at BIGINT NOT NULL,"
        + " khash BIGINT NOT NULL)";
    static final String INDEX = "CREATE INDEX IF NOT EXISTS recorded_key_hash ON recorded_key(khash)";

    private static final Logger LOGGER = LoggerFactory.getLogger(RecordedKeyHashIndex.class);

    private RecordedKeyHashIndex() {
    }

    static void apply(Connection c) throws SQLException {
        if (!hasPrimaryKey(c)) {
            try (Statement s = c.createStatement()) {
                s.execute(INDEX);
            }
            return;
        }
        long started = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE recorded_key ADD COLUMN IF NOT EXISTS khash BIGINT");
            int rows = s.executeUpdate("UPDATE recorded_key SET khash = CAST(SUBSTRING(HASH('SHA-256', owner || CHAR(0)"
                + " || okey) FROM 1 FOR 8) AS BIGINT) WHERE khash IS NULL");
            s.execute("ALTER TABLE recorded_key ALTER COLUMN khash SET NOT NULL");
            s.execute(INDEX);
            s.execute("ALTER TABLE recorded_key DROP PRIMARY KEY");
            LOGGER.info("Message store: {} recorded keys indexed by their hashes in {} ms", rows,
                (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static boolean hasPrimaryKey(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"
            + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'RECORDED_KEY' AND CONSTRAINT_TYPE = 'PRIMARY KEY'");
             ResultSet rs = q.executeQuery()) {
            return rs.next();
        }
    }
}
