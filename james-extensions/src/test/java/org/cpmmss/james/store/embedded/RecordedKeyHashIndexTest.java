package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

import org.cpmmss.james.store.api.RecordedKey;
import org.cpmmss.james.store.api.RecordedKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Recorded keys kept and found by the 128-bit hash of owner and key: per owner, overwritten, told apart from a row
 * whose hash differs in its second half; a store written with the owner and key strings under a primary key moves to
 * the hashes at open with every key kept.
 */
class RecordedKeyHashIndexTest {
    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        StoreTestSupport.closeAndDelete(storage, dir);
    }

    private static RecordedKey key(String owner, String key, String folder) {
        return new RecordedKey(owner, key, folder, 7, false);
    }

    private Connection jdbc() throws Exception {
        return DriverManager.getConnection("jdbc:h2:" + dir.resolve("meta"));
    }

    @Test
    void aKeyIsFoundForItsOwnerOnlyAndOverwrittenByARecordAgain() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), Clock.systemUTC());
        RecordedKeys keys = storage.recordedKeys();
        keys.record(key("Alice@Example.com", "imdn:Zx9-é", "Default/a"), 3);
        keys.record(key("bob@example.com", "imdn:Zx9-é", "Default/b"), 4);

        assertThat(keys.find("alice@example.COM", "imdn:Zx9-é")).contains(new RecordedKeys.Entry("Default/a", 7, 3));
        assertThat(keys.find("bob@example.com", "imdn:Zx9-é")).contains(new RecordedKeys.Entry("Default/b", 7, 4));
        assertThat(keys.find("alice@example.com", "imdn:zx9-é")).isEmpty();
        assertThat(keys.find("carol@example.com", "imdn:Zx9-é")).isEmpty();

        keys.record(key("alice@example.com", "imdn:Zx9-é", "Default/c"), 9);
        assertThat(keys.find("alice@example.com", "imdn:Zx9-é")).contains(new RecordedKeys.Entry("Default/c", 7, 9));
    }

    @Test
    void aRowWhoseHashDiffersInItsSecondHalfIsNotTakenForTheKeyAndBothAreKept() throws Exception {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), Clock.systemUTC());
        storage.recordedKeys().record(key("alice@example.com", "imdn:other", "Default/x"), 1);
        storage.close();
        storage = null;
        RecordedKeyHash wanted = RecordedKeyHash.of("alice@example.com", "imdn:wanted");
        // another key whose hash has the same first half (made by hand: none is to be found)
        try (Connection c = jdbc(); PreparedStatement update = c.prepareStatement("UPDATE recorded_key SET khash = ?,"
            + " khash2 = ?")) {
            update.setLong(1, wanted.high());
            update.setLong(2, wanted.low() ^ 1);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), Clock.systemUTC());
        RecordedKeys keys = storage.recordedKeys();
        assertThat(keys.find("alice@example.com", "imdn:wanted")).isEmpty();

        keys.record(key("alice@example.com", "imdn:wanted", "Default/w"), 2);
        assertThat(keys.find("alice@example.com", "imdn:wanted")).contains(new RecordedKeys.Entry("Default/w", 7, 2));
        keys.record(key("alice@example.com", "imdn:wanted", "Default/w"), 3);
        assertThat(keys.find("alice@example.com", "imdn:wanted")).contains(new RecordedKeys.Entry("Default/w", 7, 3));
        storage.close();
        storage = null;
        try (Connection c = jdbc(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT f.folder, k.uid, k.khash2 FROM (SELECT * FROM recorded_key UNION"
                 + " ALL SELECT * FROM recorded_key_more) k JOIN recorded_folder f ON f.id = k.folder_ref ORDER BY uid")) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                .containsExactly("Default/x", 1L, wanted.low() ^ 1);
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                .containsExactly("Default/w", 3L, wanted.low());
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void aStoreWithThePrimaryKeyOnOwnerAndKeyOpensWithEveryKeyFoundByItsHash() throws Exception {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), Clock.systemUTC());
        storage.close();
        storage = null;
        List<String> written = List.of("imdn:1", "imdn:Ünïcödé-ключ-鍵", "mid:<a@b>", "sha256:" + "f".repeat(64));
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE recorded_key");
            s.execute("CREATE TABLE recorded_key(owner VARCHAR NOT NULL, okey VARCHAR NOT NULL, folder VARCHAR NOT NULL,"
                + " uid_validity BIGINT NOT NULL, uid BIGINT NOT NULL, recorded_at BIGINT NOT NULL,"
                + " PRIMARY KEY(owner, okey))");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO recorded_key VALUES (?, ?, 'Default/o', 5,"
                + " ?, 0)")) {
                for (int i = 0; i < written.size(); i++) {
                    insert.setString(1, i % 2 == 0 ? "alice@example.com" : "+33600000001@cpm");
                    insert.setString(2, written.get(i));
                    insert.setLong(3, i + 1);
                    insert.executeUpdate();
                }
            }
        }

        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), Clock.systemUTC());
        RecordedKeys keys = storage.recordedKeys();
        for (int i = 0; i < written.size(); i++) {
            assertThat(keys.find(i % 2 == 0 ? "Alice@example.com" : "+33600000001@CPM", written.get(i)))
                .as(written.get(i)).contains(new RecordedKeys.Entry("Default/o", 5, i + 1));
        }
        keys.record(key("alice@example.com", "imdn:1", "Default/n"), 42);
        assertThat(keys.find("alice@example.com", "imdn:1")).contains(new RecordedKeys.Entry("Default/n", 7, 42));
        storage.close();
        storage = null;

        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            assertThat(SchemaColumns.exists(c, "RECORDED_KEY", "OWNER")).isFalse();
            assertThat(SchemaColumns.exists(c, "RECORDED_KEY", "OKEY")).isFalse();
            try (ResultSet rs = s.executeQuery("SELECT uid, khash, khash2 FROM recorded_key")) {
                int rows = 0;
                while (rs.next()) {
                    int i = (int) rs.getLong(1) - 1;
                    RecordedKeyHash hash = i < written.size()
                        ? RecordedKeyHash.of(i % 2 == 0 ? "alice@example.com" : "+33600000001@cpm", written.get(i))
                        : RecordedKeyHash.of("alice@example.com", "imdn:1"); // overwritten with UID 42
                    assertThat(List.of(rs.getLong(2), rs.getLong(3))).containsExactly(hash.high(), hash.low());
                    rows++;
                }
                assertThat(rows).isEqualTo(written.size());
            }
        }
    }
}
