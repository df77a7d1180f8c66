package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listing for answers without flags ({@code MessageStore.listContent}: FETCH of bytes, sizes, dates): the same
 * messages and unchanging parts as the full listing, one message answered from what the store keeps of the newest
 * appended and read ones — and never a message whose row was deleted (expunged, moved away, its folder deleted),
 * whether kept from its append or from a read.
 */
class ListContentTest {
    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        storage.close();
        StoreTestSupport.delete(dir);
    }

    private Folder folder(String name) {
        return storage.folders().create(new FolderName("#private", "+33600000001@cpm", name), 1);
    }

    private static void assertSameContent(StoredMessage content, StoredMessage full) {
        assertThat(content.uid()).isEqualTo(full.uid());
        assertThat(content.internalDate()).isEqualTo(full.internalDate());
        assertThat(content.messageId()).isEqualTo(full.messageId());
        assertThat(content.mime().mediaType()).isEqualTo(full.mime().mediaType());
        assertThat(content.header()).isEqualTo(full.header());
        assertThat(content.body()).isEqualTo(full.body());
        assertThat(content.size()).isEqualTo(full.size());
    }

    @Test
    void oneMessageOrARangeHasTheContentOfTheFullListing() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        Folder folder = folder("Default/c");
        for (int i = 1; i <= 30; i++) {
            storage.messages().append(folder.id(), StoreTestSupport.chat(i));
        }
        storage.messages().updateFlags(folder.id(), new UidRange(4, 4), old -> old.with(FlagState.SEEN));
        List<StoredMessage> full = storage.messages().list(folder.id(), UidRange.ALL, 0);

        List<StoredMessage> range = storage.messages().listContent(folder.id(), UidRange.ALL);
        assertThat(range).extracting(StoredMessage::uid).containsExactlyElementsOf(
            full.stream().map(StoredMessage::uid).toList());
        for (int i = 0; i < full.size(); i++) {
            assertSameContent(range.get(i), full.get(i));
        }
        for (StoredMessage message : full) {
            List<StoredMessage> one = storage.messages().listContent(folder.id(), UidRange.one(message.uid()));
            assertThat(one).hasSize(1);
            assertSameContent(one.get(0), message);
            assertThat(storage.content().read(one.get(0).body())).isEqualTo(storage.content().read(message.body()));
        }
        assertThat(storage.messages().listContent(folder.id(), UidRange.one(31))).isEmpty();
    }

    @Test
    void anExpungedOrMovedMessageIsNotListedThoughItWasKept() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        Folder folder = folder("Default/c");
        Folder other = folder("Default/d");
        for (int i = 1; i <= 4; i++) {
            storage.messages().append(folder.id(), StoreTestSupport.chat(i));
        }
        // kept from their appends (1, 2) and from a read (3)
        assertThat(storage.messages().listContent(folder.id(), UidRange.one(3))).hasSize(1);

        storage.messages().expunge(folder.id(), List.of(1L, 3L));
        storage.messages().move(folder.id(), 2, other.id(), FlagState.NONE);

        for (long uid = 1; uid <= 3; uid++) {
            assertThat(storage.messages().listContent(folder.id(), UidRange.one(uid))).as("UID " + uid).isEmpty();
        }
        assertThat(storage.messages().listContent(folder.id(), UidRange.one(4))).hasSize(1);
        assertThat(storage.messages().listContent(other.id(), UidRange.one(1))).hasSize(1);
    }

    @Test
    void theMessagesOfADeletedFolderAreNotListed() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        Folder folder = folder("Default/c");
        List<StoredMessage> appended = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            appended.add(storage.messages().append(folder.id(), StoreTestSupport.chat(i)));
        }
        assertThat(storage.messages().listContent(folder.id(), UidRange.one(2))).hasSize(1);

        storage.folders().delete(folder.id());

        for (StoredMessage message : appended) {
            assertThat(storage.messages().listContent(folder.id(), UidRange.one(message.uid()))).isEmpty();
        }
    }

    private List<StoredMessage> coldFolderOf(int messages) {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        Folder folder = folder("Default/c");
        for (int i = 1; i <= messages; i++) {
            storage.messages().append(folder.id(), StoreTestSupport.chat(i));
        }
        storage.close();
        // opened again: nothing kept from the appends
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        return storage.messages().list(folder.id(), UidRange.ALL, 0);
    }

    private boolean kept(StoredMessage message) {
        return storage.keptContents().find(message.folderId(), message.uid()) != null;
    }

    @Test
    void aFolderReadMessageAfterMessageHasTheNextRowsReadAhead() {
        List<StoredMessage> full = coldFolderOf(80);
        long folder = full.get(0).folderId();
        assertThat(full).noneMatch(this::kept);

        assertSameContent(storage.messages().listContent(folder, UidRange.one(1)).get(0), full.get(0));
        assertThat(kept(full.get(1))).as("a first read reads no rows ahead").isFalse();
        assertSameContent(storage.messages().listContent(folder, UidRange.one(2)).get(0), full.get(1));
        // the second read follows the first: it and the next 31 were read at once
        assertThat(full.subList(1, 1 + EmbeddedMessageStore.READ_AHEAD)).allMatch(this::kept);
        assertThat(kept(full.get(1 + EmbeddedMessageStore.READ_AHEAD))).isFalse();

        for (StoredMessage message : full.subList(2, full.size())) {
            List<StoredMessage> one = storage.messages().listContent(folder, UidRange.one(message.uid()));
            assertThat(one).as("UID " + message.uid()).hasSize(1);
            assertSameContent(one.get(0), message);
            assertThat(storage.content().read(one.get(0).body())).isEqualTo(storage.content().read(message.body()));
        }
        assertThat(full).allMatch(this::kept);
        assertThat(storage.messages().listContent(folder, UidRange.one(81))).isEmpty();
    }

    @Test
    void aFolderReadBackwardsHasThePreviousRowsReadWithIt() {
        List<StoredMessage> full = coldFolderOf(80);
        long folder = full.get(0).folderId();

        storage.messages().listContent(folder, UidRange.one(80));
        assertThat(kept(full.get(78))).isFalse();
        assertSameContent(storage.messages().listContent(folder, UidRange.one(79)).get(0), full.get(78));
        // UIDs 48 to 79 read with 79
        assertThat(full.subList(79 - EmbeddedMessageStore.READ_AHEAD, 79)).allMatch(this::kept);
        assertThat(kept(full.get(78 - EmbeddedMessageStore.READ_AHEAD))).isFalse();
        for (long uid = 78; uid >= 1; uid--) {
            List<StoredMessage> one = storage.messages().listContent(folder, UidRange.one(uid));
            assertThat(one).as("UID " + uid).hasSize(1);
            assertSameContent(one.get(0), full.get((int) uid - 1));
        }
        assertThat(full).allMatch(this::kept);
    }

    @Test
    void readsHereAndThereReadNoRowsAhead() {
        List<StoredMessage> full = coldFolderOf(40);
        long folder = full.get(0).folderId();

        storage.messages().listContent(folder, UidRange.one(1));
        storage.messages().listContent(folder, UidRange.one(20));
        storage.messages().listContent(folder, UidRange.one(10));

        assertThat(full).filteredOn(this::kept).extracting(StoredMessage::uid).containsExactly(1L, 10L, 20L);
    }

    @Test
    void aMessageExpungedBeforeOrAfterTheReadAheadIsNotListed() {
        List<StoredMessage> full = coldFolderOf(40);
        long folder = full.get(0).folderId();
        storage.messages().expunge(folder, List.of(3L));

        storage.messages().listContent(folder, UidRange.one(1));
        storage.messages().listContent(folder, UidRange.one(2));
        storage.messages().expunge(folder, List.of(10L));

        assertThat(storage.messages().listContent(folder, UidRange.one(3))).isEmpty();
        assertThat(storage.messages().listContent(folder, UidRange.one(10))).isEmpty();
        for (long uid : new long[] {4, 9, 11, 33, 34, 40}) {
            List<StoredMessage> one = storage.messages().listContent(folder, UidRange.one(uid));
            assertThat(one).as("UID " + uid).hasSize(1);
            assertSameContent(one.get(0), full.get((int) uid - 1));
        }
    }
}
