package org.cpmmss.james.store.embedded;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutable part of a message row (flags, keywords, MODSEQ) lives in {@code message_flags}, apart from the rest of
 * the row: a flag change, and SELECT's clearing of {@code \Recent} over thousands of rows, rewrite pages of narrow
 * rows only, and SELECT's read of every UID and flag reads them. A store written before keeps those columns in
 * {@code message}: at open they are copied into {@code message_flags} and dropped from {@code message}. Each step
 * can run again after a crash part-way (the copy merges by key, the drops are conditional).
 */
final class MessageFlagsSplit {
    static final String TABLE = "CREATE TABLE IF NOT EXISTS message_flags(folder_id BIGINT NOT NULL,"
        + " uid BIGINT NOT NULL, modseq BIGINT NOT NULL, flags INT NOT NULL, keywords VARCHAR NOT NULL,"
        + " PRIMARY KEY(folder_id, uid))";
    /**
     * The changes of a folder in MODSEQ order, with the columns a CHANGEDSINCE listing answers (UID, flags,
     * keywords) in the index entries themselves: H2 reads them from the entry, where the (folder_id, modseq) index
     * before it (message_flags_modseq, dropped) made it read each entry's row as well — a third of a resync's listing.
     */
    static final String CHANGES_INDEX = "CREATE INDEX IF NOT EXISTS message_flags_changes"
        + " ON message_flags(folder_id, modseq, uid, flags, keywords)";

    private static final Logger LOGGER = LoggerFactory.getLogger(MessageFlagsSplit.class);

    private MessageFlagsSplit() {
    }

    static void apply(Connection c) throws SQLException {
        if (SchemaColumns.exists(c, "MESSAGE", "MODSEQ")) {
            long started = System.nanoTime();
            try (Statement s = c.createStatement()) {
                int rows = s.executeUpdate("MERGE INTO message_flags(folder_id, uid, modseq, flags, keywords)"
                    + " KEY(folder_id, uid) SELECT folder_id, uid, modseq, flags, keywords FROM message");
                s.execute("DROP INDEX IF EXISTS message_modseq");
                s.execute("ALTER TABLE message DROP COLUMN modseq, flags, keywords");
                LOGGER.info("Message store: flags, keywords and MODSEQs of {} messages moved to their own table in {} ms",
                    rows, (System.nanoTime() - started) / 1_000_000);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute(CHANGES_INDEX);
            s.execute("DROP INDEX IF EXISTS message_flags_modseq");
        }
    }
}
