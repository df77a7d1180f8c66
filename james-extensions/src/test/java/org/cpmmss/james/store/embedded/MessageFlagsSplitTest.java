package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.cpmmss.james.store.api.FlagChange;
import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.MessageFlags;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store written before the flags had a table of their own (flags, keywords and MODSEQ columns in {@code message},
 * a MODSEQ index on it) opens in the new layout with every message's flags, keywords and MODSEQ as they were, and
 * reads, changes and lists them as a store created in the new layout does.
 */
class MessageFlagsSplitTest {
    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        StoreTestSupport.closeAndDelete(storage, dir);
    }

    @Test
    void aStoreInTheEarlierLayoutOpensWithItsFlagsKeywordsAndModSeqs() throws Exception {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        Folder folder = storage.folders().create(new FolderName("#private", "+33600000001@cpm", "Default/c"), 1);
        for (int i = 1; i <= 5; i++) {
            storage.messages().append(folder.id(), StoreTestSupport.chat(i));
        }
        storage.messages().updateFlags(folder.id(), new UidRange(2, 3),
            f -> FlagState.of(f.systemFlags() | FlagState.SEEN, List.of("$label1")));
        storage.messages().updateFlags(folder.id(), UidRange.one(5), f -> f.with(FlagState.RECENT));
        List<MessageFlags> before = storage.messages().listFlags(folder.id(), UidRange.ALL, 0);
        storage.close();
        storage = null;
        EarlierFlagsLayout.apply(dir);

        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());

        assertThat(storage.messages().listFlags(folder.id(), UidRange.ALL, 0)).isEqualTo(before);
        assertThat(columns("MESSAGE")).doesNotContain("MODSEQ", "FLAGS", "KEYWORDS");
        List<FlagChange> cleared = storage.messages().clearRecent(folder.id());
        assertThat(cleared).extracting(FlagChange::uid).containsExactly(5L);
        assertThat(storage.messages().listFlags(folder.id(), UidRange.ALL, cleared.get(0).modSeq() - 1))
            .extracting(MessageFlags::uid).containsExactly(5L);
        List<StoredMessage> listed = storage.messages().list(folder.id(), UidRange.ALL, 0);
        assertThat(listed).extracting(StoredMessage::uid).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(listed.get(1).flags().keywords()).containsExactly("$label1");
        assertThat(storage.folders().counters(folder.id()).unseen()).isEqualTo(3);
    }

    private List<String> columns(String table) throws Exception {
        storage.close();
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + dir.resolve("meta").toAbsolutePath());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = '"
                 + table + "'")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } finally {
            storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        }
    }
}
