package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A message row keeps its blobs' places ({@link BlobPlaces}); a store written before, whose rows have only the blob
 * ids, gets them at open from the blob rows, once, and lists and reads its messages as before.
 */
class BlobPlacesTest {
    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        StoreTestSupport.closeAndDelete(storage, dir);
    }

    @Test
    void aStoreWrittenBeforeGetsEachRowsBlobPlacesAtOpen() throws Exception {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        Folder folder = storage.folders().create(new FolderName("#private", "+33600000001@cpm", "Default/p"), 1);
        for (int i = 1; i <= 40; i++) {
            storage.messages().append(folder.id(), StoreTestSupport.chat(i));
        }
        List<StoredMessage> before = storage.messages().list(folder.id(), UidRange.ALL, 0);
        storage.close();
        storage = null;
        try (Connection c = meta(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE message DROP COLUMN header_segment, header_pos, header_length, body_segment,"
                + " body_pos, body_length");
            s.execute("DROP TABLE store_upgrade");
        }

        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        List<StoredMessage> after = storage.messages().list(folder.id(), UidRange.ALL, 0);
        assertThat(after).extracting(StoredMessage::uid).containsExactlyElementsOf(
            before.stream().map(StoredMessage::uid).toList());
        for (int i = 0; i < after.size(); i++) {
            assertThat(after.get(i).header()).isEqualTo(before.get(i).header());
            assertThat(after.get(i).body()).isEqualTo(before.get(i).body());
            assertThat(new String(storage.content().read(after.get(i).body()), StandardCharsets.UTF_8))
                .isEqualTo(new String(storage.content().read(before.get(i).body()), StandardCharsets.UTF_8));
        }
        storage.close();
        storage = null;
        try (Connection c = meta(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM message m JOIN blob b ON b.id = m.body_blob"
                 + " WHERE m.body_segment = b.segment AND m.body_pos = b.pos AND m.body_length = b.length")) {
            rs.next();
            assertThat(rs.getInt(1)).as("rows whose body place is the blob row's").isEqualTo(40);
        }
    }

    private Connection meta() throws Exception {
        return DriverManager.getConnection("jdbc:h2:" + dir.resolve("meta").toAbsolutePath());
    }
}
