package org.cpmmss.james.store.embedded;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blob row keeps a tag (the first eight bytes of its SHA-256), not the whole digest under a unique index: the index
 * cost every append a look-up and a write at a random leaf (a quarter of a commit's chunk, and pages that kept old
 * chunks alive), for a sharing that only the owners of one submission need ({@link RecentBlobs} finds those). A store
 * written before has the {@code digest} column: at open its tags are filled from it, then the column (and its
 * unique index) dropped. Each step can run again after a crash part-way.
 */
final class BlobDigestDrop {
    static final String TABLE = "CREATE TABLE IF NOT EXISTS blob(id BIGINT AUTO_INCREMENT PRIMARY KEY,"
        + " segment BIGINT NOT NULL, pos BIGINT NOT NULL, length INT NOT NULL, refs INT NOT NULL, tag BIGINT)";

    private static final Logger LOGGER = LoggerFactory.getLogger(BlobDigestDrop.class);

    private BlobDigestDrop() {
    }

    static void apply(Connection c) throws SQLException {
        if (!SchemaColumns.exists(c, "BLOB", "DIGEST")) {
            return;
        }
        long started = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE blob ADD COLUMN IF NOT EXISTS tag BIGINT");
            // BINARY to BIGINT is big-endian in H2, as BlobDigest.tag reads the digest
            int rows = s.executeUpdate("UPDATE blob SET tag = CAST(SUBSTRING(digest FROM 1 FOR 8) AS BIGINT)"
                + " WHERE tag IS NULL");
            s.execute("ALTER TABLE blob DROP COLUMN digest");
            LOGGER.info("Message store: the SHA-256 index of {} blobs replaced by their tags in {} ms", rows,
                (System.nanoTime() - started) / 1_000_000);
        }
    }
}
