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
 * Recorded keys found through the hash of owner and key: per owner, overwritten, told apart from a key with the same
 * hash; a store written with the primary key on (owner, key) moves to the hash index at open with every key kept.
 */
class RecordedKeyHashIndexTest {
    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        if (storage != null) {
            storage.close();
        }
        StoreTestSupport.delete(dir);
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
    void aRowWithTheSameHashButAnotherKeyIsNotTakenForIt() throws Exception {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), Clock.systemUTC());
        storage.close();
        storage = null;
        long hash = RecordedKeyHash.of("alice@example.com", "imdn:wanted");
        try (Connection c = jdbc(); PreparedStatement insert = c.prepareStatement("INSERT INTO recorded_key(owner,"
            + " okey, folder, uid_validity, uid, recorded_at, khash) VALUES ('alice@example.com', 'imdn:other',"
            + " 'Default/x', 1, 1, 0, ?)")) {
            insert.setLong(1, hash);
            insert.executeUpdate();
        }
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), Clock.systemUTC());
        RecordedKeys keys = storage.recordedKeys();
        assertThat(keys.find("alice@example.com", "imdn:wanted")).isEmpty();

        keys.record(key("alice@example.com", "imdn:wanted", "Default/w"), 2);
        assertThat(keys.find("alice@example.com", "imdn:wanted")).contains(new RecordedKeys.Entry("Default/w", 7, 2));
        storage.close();
        storage = null;
        try (Connection c = jdbc(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT okey, folder, uid FROM recorded_key ORDER BY okey")) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .containsExactly("imdn:other", "Default/x", 1L);
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .containsExactly("imdn:wanted", "Default/w", 2L);
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
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"
                + " WHERE TABLE_NAME = 'RECORDED_KEY' AND CONSTRAINT_TYPE = 'PRIMARY KEY'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
            try (ResultSet rs = s.executeQuery("SELECT owner, okey, khash FROM recorded_key")) {
                int rows = 0;
                while (rs.next()) {
                    assertThat(rs.getLong(3)).isEqualTo(RecordedKeyHash.of(rs.getString(1), rs.getString(2)));
                    rows++;
                }
                assertThat(rows).isEqualTo(written.size());
            }
        }
    }
}
