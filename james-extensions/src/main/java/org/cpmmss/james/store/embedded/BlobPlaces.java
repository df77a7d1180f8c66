package org.cpmmss.james.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message row carries the place of its two blobs (segment, offset, length) beside their ids, as they were when the
 * message was stored: a listing reads its rows without looking up two blob rows per message (the two joins were
 * three quarters of a 10,000-message listing, docs/benchmarks.md "Twenty-seventh session"). The blob row stays the
 * authority: a place whose segment a compaction has deleted since is looked up there
 * ({@link EmbeddedMessageStore}), and a read that finds its segment gone follows the blob. Lengths never change.
 *
 * <p>A store written before gets the columns at open, filled from the blob rows, once: the step is recorded in
 * {@code store_upgrade} in the same transaction as the fill, and both can run again after a crash part-way.</p>
 */
final class BlobPlaces {
    private static final Logger LOGGER = LoggerFactory.getLogger(BlobPlaces.class);
    private static final String STEP = "message-blob-places";
    /** One statement, so that the six columns come together (each ALTER copies the table's rows). */
    static final String COLUMNS = "ALTER TABLE message ADD COLUMN (header_segment BIGINT, header_pos BIGINT,"
        + " header_length INT, body_segment BIGINT, body_pos BIGINT, body_length INT)";

    private BlobPlaces() {
    }

    static void apply(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS store_upgrade(step VARCHAR PRIMARY KEY)");
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM store_upgrade WHERE step = '" + STEP + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            long started = System.nanoTime();
            if (!SchemaColumns.exists(c, "MESSAGE", "HEADER_SEGMENT")) {
                s.execute(COLUMNS);
            }
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int rows = s.executeUpdate("UPDATE message m SET"
                    + " (header_segment, header_pos, header_length) = (SELECT segment, pos, length FROM blob"
                    + " WHERE id = m.header_blob),"
                    + " (body_segment, body_pos, body_length) = (SELECT segment, pos, length FROM blob"
                    + " WHERE id = m.body_blob)"
                    + " WHERE header_segment IS NULL OR body_segment IS NULL");
                try (PreparedStatement done = c.prepareStatement("INSERT INTO store_upgrade(step) VALUES (?)")) {
                    done.setString(1, STEP);
                    done.executeUpdate();
                }
                c.commit();
                if (rows > 0) {
                    LOGGER.info("Message store: the blob places of {} messages copied into their rows in {} ms", rows,
                        (System.nanoTime() - started) / 1_000_000);
                }
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }
}
