package org.cpmmss.james.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The layout of the recorded keys (the twenty-fourth session): one narrow row per key in a table whose primary key is
 * the first half of the key's 128-bit hash ({@link RecordedKeyHash}), so that H2 keeps the rows themselves in one
 * B-tree ordered by that half — no second tree (the rows in the order recorded plus an index on the hash, as before)
 * holding the same 8 bytes again. A row keeps the second half, a reference to the folder it names
 * ({@code recorded_folder}: path and UIDVALIDITY, one row per pair, instead of the path string in every key row), the
 * UID and the time recorded. Once compacted a key takes about 37 bytes instead of 51 (docs/benchmarks.md, "Twenty-fourth
 * session").
 *
 * <p>Two keys whose hashes share the first half (by chance once in about 2^64 pairs of one store's keys; not hard to
 * make on purpose, but only between keys of one's own) cannot share a row: the second one recorded
 * goes to {@code recorded_key_more}, keyed by both halves. A look-up that does not find its second half in the main
 * table reads there (an empty table almost always).
 *
 * <p>A store written before (the columns {@code folder} and {@code uid_validity} in {@code recorded_key}, rows in the
 * order recorded with an index on {@code khash}; or, older still, the owner and key strings, which
 * {@link RecordedKeyHashIndex} turns into hashes first) moves at open: its pairs of folder and UIDVALIDITY are
 * copied into {@code recorded_folder}, its rows into {@code recorded_key_next} (the first of each first half; any
 * other into {@code recorded_key_more}), then the old table is dropped and the new one renamed. A crash before the
 * drop starts the move again at the next open (the copy is made again from scratch); a crash between the drop and the
 * rename finishes it.
 */
final class RecordedKeyRows {
    static final String FOLDERS = "CREATE TABLE IF NOT EXISTS recorded_folder(id INT AUTO_INCREMENT PRIMARY KEY,"
        + " folder VARCHAR NOT NULL, uid_validity BIGINT NOT NULL, UNIQUE(folder, uid_validity))";
    static final String COLUMNS = "(khash BIGINT PRIMARY KEY, khash2 BIGINT NOT NULL, folder_ref INT NOT NULL,"
        + " uid BIGINT NOT NULL, recorded_at BIGINT NOT NULL)";
    static final String TABLE = "CREATE TABLE IF NOT EXISTS recorded_key" + COLUMNS;
    static final String MORE = "CREATE TABLE IF NOT EXISTS recorded_key_more(khash BIGINT NOT NULL,"
        + " khash2 BIGINT NOT NULL, folder_ref INT NOT NULL, uid BIGINT NOT NULL, recorded_at BIGINT NOT NULL,"
        + " PRIMARY KEY(khash, khash2))";

    private static final Logger LOGGER = LoggerFactory.getLogger(RecordedKeyRows.class);

    private RecordedKeyRows() {
    }

    /** Brings {@code recorded_key} to this layout (moving a store written before) and creates what is missing. */
    static void apply(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            boolean table = tableExists(c, "RECORDED_KEY");
            if (!table && tableExists(c, "RECORDED_KEY_NEXT")) {
                // a crash between the old table's drop and the new one's rename
                s.execute("ALTER TABLE recorded_key_next RENAME TO recorded_key");
                table = true;
            }
            s.execute(FOLDERS);
            s.execute(MORE);
            if (table && SchemaColumns.exists(c, "RECORDED_KEY", "OKEY")) {
                RecordedKeyHashIndex.apply(c);
            }
            if (table && SchemaColumns.exists(c, "RECORDED_KEY", "FOLDER")) {
                move(s);
            }
            s.execute(TABLE);
        }
    }

    private static void move(Statement s) throws SQLException {
        long started = System.nanoTime();
        s.execute("DROP TABLE IF EXISTS recorded_key_next");
        s.execute("CREATE TABLE recorded_key_next" + COLUMNS);
        s.execute("MERGE INTO recorded_folder(folder, uid_validity) KEY(folder, uid_validity)"
            + " SELECT DISTINCT folder, uid_validity FROM recorded_key");
        String rows = "SELECT k.khash, k.khash2, f.id, k.uid, k.recorded_at FROM recorded_key k JOIN recorded_folder f"
            + " ON f.folder = k.folder AND f.uid_validity = k.uid_validity";
        // the first row of each first half (the lowest second half) in the main table, any other in the second one
        int moved = s.executeUpdate("INSERT INTO recorded_key_next " + rows + " WHERE NOT EXISTS (SELECT 1 FROM"
            + " recorded_key o WHERE o.khash = k.khash AND o.khash2 < k.khash2)");
        int more = s.executeUpdate("MERGE INTO recorded_key_more KEY(khash, khash2) " + rows
            + " WHERE EXISTS (SELECT 1 FROM recorded_key o WHERE o.khash = k.khash AND o.khash2 < k.khash2)");
        s.execute("DROP TABLE recorded_key");
        s.execute("ALTER TABLE recorded_key_next RENAME TO recorded_key");
        LOGGER.info("Message store: {} recorded keys moved into narrow rows ({} sharing a first half) in {} ms",
            moved + more, more, (System.nanoTime() - started) / 1_000_000);
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM INFORMATION_SCHEMA.TABLES"
            + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ?")) {
            q.setString(1, table);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }
}
