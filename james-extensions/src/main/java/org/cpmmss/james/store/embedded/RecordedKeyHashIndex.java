package org.cpmmss.james.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code recorded_key} holds, per recorded key, the 128-bit hash of owner and key ({@link RecordedKeyHash}: columns
 * {@code khash}, {@code khash2}) with an index on its first half, instead of the owner and key strings under a primary
 * key. RCS keys are random (IMDN-Message-IDs): every object's key landed on a random leaf of that primary key, which
 * each commit rewrote whole with the strings in it (and which kept old H2 chunks alive until compaction moved it), and
 * the strings were most of a key's bytes on disk (docs/benchmarks.md, "Twenty-second session"). Rows go in the order
 * they are recorded. A store written before has the strings: at open the hashes are filled from them by H2's own
 * {@code HASH('SHA-256', …)}, then the primary key and the two columns dropped, then the index made; each step runs
 * again after a crash part-way (the old columns go last of the migration, and the index is made at every open).
 */
final class RecordedKeyHashIndex {
    static final String TABLE = "CREATE TABLE IF NOT EXISTS recorded_key(khash BIGINT NOT NULL, khash2 BIGINT NOT NULL,"
        + " folder VARCHAR NOT NULL, uid_validity BIGINT NOT NULL, uid BIGINT NOT NULL, recorded_at BIGINT NOT NULL)";
    static final String INDEX = "CREATE INDEX IF NOT EXISTS recorded_key_hash ON recorded_key(khash)";

    private static final Logger LOGGER = LoggerFactory.getLogger(RecordedKeyHashIndex.class);
    private static final String HASH = "HASH('SHA-256', owner || CHAR(0) || okey)";

    private RecordedKeyHashIndex() {
    }

    static void apply(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (SchemaColumns.exists(c, "RECORDED_KEY", "OKEY")) {
                long started = System.nanoTime();
                s.execute("ALTER TABLE recorded_key ADD COLUMN IF NOT EXISTS khash BIGINT");
                s.execute("ALTER TABLE recorded_key ADD COLUMN IF NOT EXISTS khash2 BIGINT");
                // BINARY to BIGINT is big-endian in H2, as RecordedKeyHash reads the digest
                int rows = s.executeUpdate("UPDATE recorded_key SET khash = CAST(SUBSTRING(" + HASH + " FROM 1 FOR 8)"
                    + " AS BIGINT), khash2 = CAST(SUBSTRING(" + HASH + " FROM 9 FOR 8) AS BIGINT) WHERE khash2 IS NULL");
                s.execute("ALTER TABLE recorded_key ALTER COLUMN khash SET NOT NULL");
                s.execute("ALTER TABLE recorded_key ALTER COLUMN khash2 SET NOT NULL");
                if (hasPrimaryKey(c)) {
                    s.execute("ALTER TABLE recorded_key DROP PRIMARY KEY");
                }
                s.execute("ALTER TABLE recorded_key DROP COLUMN owner, okey");
                LOGGER.info("Message store: {} recorded keys kept by their hashes in {} ms", rows,
                    (System.nanoTime() - started) / 1_000_000);
            }
            s.execute(INDEX);
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
