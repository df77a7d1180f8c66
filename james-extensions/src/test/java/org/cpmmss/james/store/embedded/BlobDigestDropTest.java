package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cpmmss.james.store.api.BlobAddress;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store written while every blob row kept its SHA-256 under a unique index opens in the layout without it: the
 * digests become tags, the column and its index are gone, the messages read back, and a compaction checks the moved
 * bytes against the tags.
 */
class BlobDigestDropTest {
    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        StoreTestSupport.closeAndDelete(storage, dir);
    }

    @Test
    void aStoreWithTheDigestIndexOpensWithTagsAndItsMessagesIntact() throws Exception {
        EmbeddedStorage.Settings settings = new EmbeddedStorage.Settings(dir, 4 * 1024, 4, 0).withoutMaintenance();
        storage = EmbeddedStorage.open(settings, Clock.systemUTC());
        Folder inbox = storage.folders().create(new FolderName("#private", "+33600000001@cpm", "Default/x"), 1);
        List<StoredMessage> appended = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            appended.add(storage.messages().append(inbox.id(),
                StoreTestSupport.message("Subject: " + i + "\r\n\r\n", ("body " + i + " ").repeat(40))));
        }
        Map<Long, byte[]> bytesById = new HashMap<>();
        for (StoredMessage m : appended) {
            for (BlobAddress blob : List.of(m.header(), m.body())) {
                bytesById.put(blob.blobId(), storage.content().read(blob));
            }
        }
        storage.close();
        storage = null;
        toLayoutWithDigestIndex(bytesById);

        storage = EmbeddedStorage.open(settings, Clock.systemUTC());
        storage.close();
        storage = null;
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + dir.resolve("meta"))) {
            assertThat(SchemaColumns.exists(c, "BLOB", "DIGEST")).isFalse();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, tag FROM blob")) {
                int rows = 0;
                while (rs.next()) {
                    assertThat(rs.getLong(2)).isEqualTo(BlobDigest.of(bytesById.get(rs.getLong(1))).tag());
                    rows++;
                }
                assertThat(rows).isEqualTo(bytesById.size());
            }
        }

        storage = EmbeddedStorage.open(settings, Clock.systemUTC());
        // half the messages gone: their segments fall below the live share and are compacted, each moved blob read
        // and checked against its migrated tag
        for (int i = 0; i < appended.size(); i += 2) {
            storage.messages().expunge(inbox.id(), List.of(appended.get(i).uid()));
        }
        storage.compactSegments();
        List<StoredMessage> left = storage.messages().list(inbox.id(), UidRange.ALL, 0);
        assertThat(left).hasSize(20);
        for (StoredMessage m : left) {
            int i = (int) (m.uid() - 1);
            assertThat(new String(storage.content().read(m.body()), StandardCharsets.US_ASCII))
                .isEqualTo(("body " + i + " ").repeat(40));
        }
    }

    /** The blob table as stores before this change had it: a unique SHA-256 per row, no tag. */
    private void toLayoutWithDigestIndex(Map<Long, byte[]> bytesById) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + dir.resolve("meta"));
             Statement s = c.createStatement()) {
            s.execute("ALTER TABLE blob ADD COLUMN digest BINARY(32)");
            try (PreparedStatement up = c.prepareStatement("UPDATE blob SET digest = ? WHERE id = ?")) {
                for (Map.Entry<Long, byte[]> blob : bytesById.entrySet()) {
                    up.setBytes(1, MessageDigest.getInstance("SHA-256").digest(blob.getValue()));
                    up.setLong(2, blob.getKey());
                    assertThat(up.executeUpdate()).isEqualTo(1);
                }
            }
            s.execute("ALTER TABLE blob ALTER COLUMN digest SET NOT NULL");
            s.execute("ALTER TABLE blob ADD UNIQUE(digest)");
            s.execute("ALTER TABLE blob DROP COLUMN tag");
            assertThat(SchemaColumns.exists(c, "BLOB", "TAG")).isFalse();
        }
    }
}
