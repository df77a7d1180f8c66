package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;

import org.cpmmss.james.store.api.RecordedKey;
import org.cpmmss.james.store.api.RecordedKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The recorded keys in narrow rows ({@link RecordedKeyRows}): a store written with the twenty-second session's layout
 * (folder path and UIDVALIDITY in every row, rows in the order recorded, an index on the hash's first half) opens with
 * every key found where it was, also when the move was cut short by a crash at either of its two points; and a key
 * takes far fewer bytes of the compacted metadata file than in that layout.
 */
class RecordedKeyRowsTest {
    private static final String OLD_TABLE = "CREATE TABLE recorded_key(khash BIGINT NOT NULL, khash2 BIGINT NOT NULL,"
        + " folder VARCHAR NOT NULL, uid_validity BIGINT NOT NULL, uid BIGINT NOT NULL, recorded_at BIGINT NOT NULL)";
    private static final int KEYS = 300;

    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        StoreTestSupport.closeAndDelete(storage, dir);
    }

    private Connection jdbc(Path at) throws Exception {
        return DriverManager.getConnection("jdbc:h2:" + at.resolve("meta") + ";COMPRESS=TRUE;MAX_COMPACT_TIME=0");
    }

    private static String owner(int n) {
        return n % 3 == 0 ? "bob@example.com" : "alice@example.com";
    }

    private static String folder(int n) {
        return "Default/sip:" + (n % 7) + "@example.com";
    }

    /** A closed store whose keys are in the twenty-second session's layout, two of them sharing a first half. */
    private void oldStore() throws Exception {
        EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), Clock.systemUTC()).close();
        try (Connection c = jdbc(dir); Statement s = c.createStatement()) {
            s.execute("DROP TABLE recorded_key");
            s.execute(OLD_TABLE);
            s.execute("CREATE INDEX recorded_key_hash ON recorded_key(khash)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO recorded_key VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int n = 0; n < KEYS; n++) {
                    RecordedKeyHash hash = RecordedKeyHash.of(owner(n), "imdn:" + n);
                    insert.setLong(1, hash.high());
                    insert.setLong(2, hash.low());
                    insert.setString(3, folder(n));
                    insert.setLong(4, 100 + n % 7);
                    insert.setLong(5, n + 1);
                    insert.setLong(6, 1_765_000_000_000L + n);
                    insert.addBatch();
                }
                // a row whose first half is imdn:5's (made by hand: none is to be found)
                RecordedKeyHash shared = RecordedKeyHash.of(owner(5), "imdn:5");
                insert.setLong(1, shared.high());
                insert.setLong(2, shared.low() + 1);
                insert.setString(3, "Default/collided");
                insert.setLong(4, 9);
                insert.setLong(5, 999);
                insert.setLong(6, 0);
                insert.addBatch();
                insert.executeBatch();
            }
        }
    }

    private void assertEveryKeyFound() throws Exception {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), Clock.systemUTC());
        RecordedKeys keys = storage.recordedKeys();
        for (int n = 0; n < KEYS; n++) {
            assertThat(keys.find(owner(n).toUpperCase(), "imdn:" + n)).as("imdn:%d", n)
                .contains(new RecordedKeys.Entry(folder(n), 100 + n % 7, n + 1));
        }
        assertThat(keys.find("alice@example.com", "imdn:" + KEYS)).isEmpty();
        keys.record(new RecordedKey("alice@example.com", "imdn:new", "Default/new", 5, true), 7);
        assertThat(keys.find("alice@example.com", "imdn:new")).contains(new RecordedKeys.Entry("Default/new", 5, 7));
        storage.close();
        storage = null;
        try (Connection c = jdbc(dir); Statement s = c.createStatement()) {
            assertThat(SchemaColumns.exists(c, "RECORDED_KEY", "FOLDER")).isFalse();
            assertThat(SchemaColumns.exists(c, "RECORDED_KEY", "FOLDER_REF")).isTrue();
            var rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM recorded_key), (SELECT COUNT(*) FROM"
                + " recorded_key_more), (SELECT COUNT(*) FROM recorded_folder)");
            rs.next();
            // the collided row is the second of its first half by its second half (shared.low() + 1 > shared.low())
            assertThat(rs.getLong(1)).isEqualTo(KEYS + 1);
            assertThat(rs.getLong(2)).isEqualTo(1);
            assertThat(rs.getLong(3)).isEqualTo(7 + 1 + 1);
            rs = s.executeQuery("SELECT k.uid, f.folder, f.uid_validity FROM recorded_key_more k JOIN recorded_folder f"
                + " ON f.id = k.folder_ref");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(999);
            assertThat(rs.getString(2)).isEqualTo("Default/collided");
            assertThat(rs.getLong(3)).isEqualTo(9);
        }
    }

    @Test
    void aStoreOfTheFormerLayoutOpensWithEveryKeyFound() throws Exception {
        oldStore();
        assertEveryKeyFound();
    }

    @Test
    void aMoveCutShortBeforeTheOldTableWasDroppedStartsAgain() throws Exception {
        oldStore();
        try (Connection c = jdbc(dir); Statement s = c.createStatement()) {
            // what a crash in the middle of the copy leaves: part of the new table, part of the folders
            s.execute("CREATE TABLE recorded_key_next" + RecordedKeyRows.COLUMNS);
            s.execute("INSERT INTO recorded_key_next SELECT khash, khash2, 1, uid, recorded_at FROM recorded_key"
                + " WHERE uid < 50 AND uid <> 6");
            s.execute(RecordedKeyRows.FOLDERS);
            s.execute("INSERT INTO recorded_folder(folder, uid_validity) VALUES ('Default/sip:3@example.com', 103)");
        }
        assertEveryKeyFound();
    }

    @Test
    void aMoveCutShortBetweenTheDropAndTheRenameIsFinished() throws Exception {
        oldStore();
        try (Connection c = jdbc(dir); Statement s = c.createStatement()) {
            s.execute(RecordedKeyRows.FOLDERS);
            s.execute(RecordedKeyRows.MORE);
            s.execute("MERGE INTO recorded_folder(folder, uid_validity) KEY(folder, uid_validity)"
                + " SELECT DISTINCT folder, uid_validity FROM recorded_key");
            s.execute("CREATE TABLE recorded_key_next" + RecordedKeyRows.COLUMNS);
            String rows = "SELECT k.khash, k.khash2, f.id, k.uid, k.recorded_at FROM recorded_key k JOIN"
                + " recorded_folder f ON f.folder = k.folder AND f.uid_validity = k.uid_validity";
            s.execute("INSERT INTO recorded_key_next " + rows + " WHERE k.uid <> 999");
            s.execute("INSERT INTO recorded_key_more " + rows + " WHERE k.uid = 999");
            s.execute("DROP TABLE recorded_key");
        }
        assertEveryKeyFound();
    }

    /**
     * Recorded through the store's own path, a key costs under 42 bytes of the compacted file (51 in the former
     * layout with the same keys, folders and UIDs).
     */
    @Test
    void aKeyTakesFewBytesOfTheCompactedFile() throws Exception {
        int keys = 3000;
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), Clock.systemUTC());
        RecordedKeys recorded = storage.recordedKeys();
        for (int n = 0; n < keys; n++) {
            recorded.record(new RecordedKey(owner(n), "imdn:" + java.util.UUID.randomUUID(), folder(n % 2),
                1_733_500_000L + n % 2, true), n / 2 + 1);
        }
        storage.close();
        storage = null;
        Path all = Files.createDirectories(dir.resolve("all"));
        Path none = Files.createDirectories(dir.resolve("none"));
        Files.copy(dir.resolve("meta.mv.db"), all.resolve("meta.mv.db"));
        Files.copy(dir.resolve("meta.mv.db"), none.resolve("meta.mv.db"));
        try (Connection c = jdbc(all); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        }
        try (Connection c = jdbc(none); Statement s = c.createStatement()) {
            s.execute("DELETE FROM recorded_key");
            s.execute("SHUTDOWN COMPACT");
        }
        long perKey = (Files.size(all.resolve("meta.mv.db")) - Files.size(none.resolve("meta.mv.db"))) / keys;
        assertThat(perKey).isLessThan(42);
    }
}
