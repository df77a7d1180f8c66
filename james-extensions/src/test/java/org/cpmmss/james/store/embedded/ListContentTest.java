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
}
