package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderCounters;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.FolderSelection;
import org.cpmmss.james.store.api.StoreException;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SELECT's one read of a folder ({@code MessageStore.selection}) on the embedded store: the UIDs in order, and the
 * counts, first unseen, recent UIDs and allocators equal to what the separate reads answer.
 */
class FolderSelectionTest {
    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        storage.close();
        StoreTestSupport.delete(dir);
    }

    @Test
    void oneReadAgreesWithTheSeparateReads() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        Folder folder = storage.folders().create(new FolderName("#private", "+33600000001@cpm", "Default/c"), 1);
        Folder empty = storage.folders().create(new FolderName("#private", "+33600000001@cpm", "Default/e"), 2);
        for (int i = 1; i <= 8; i++) {
            storage.messages().append(folder.id(), StoreTestSupport.chat(i));
        }
        storage.messages().updateFlags(folder.id(), new UidRange(1, 3), old -> old.with(FlagState.SEEN));
        storage.messages().updateFlags(folder.id(), new UidRange(6, 8), old -> old.with(FlagState.RECENT));
        storage.messages().updateFlags(folder.id(), new UidRange(7, 7), old -> FlagState.of(old.systemFlags(),
            List.of("$cpm-kept")));
        storage.messages().expunge(folder.id(), List.of(2L, 5L));

        FolderSelection selection = storage.messages().selection(folder.id());
        FolderCounters counters = storage.folders().counters(folder.id());
        assertThat(selection.uids()).containsExactly(1, 3, 4, 6, 7, 8);
        assertThat(selection.messages()).isEqualTo(counters.messages()).isEqualTo(6);
        assertThat(selection.unseen()).isEqualTo(counters.unseen()).isEqualTo(4);
        assertThat(selection.firstUnseen()).hasValue(4L)
            .isEqualTo(storage.messages().firstUidWithout(folder.id(), FlagState.SEEN));
        assertThat(selection.recentUids()).containsExactly(6, 7, 8);
        assertThat(selection.recent()).isEqualTo(3);
        assertThat(selection.lastUid()).isEqualTo(counters.lastUid()).isEqualTo(8);
        assertThat(selection.highestModSeq()).isEqualTo(counters.highestModSeq()).isGreaterThan(8);

        FolderSelection none = storage.messages().selection(empty.id());
        assertThat(none.messages()).isZero();
        assertThat(none.firstUnseen()).isEmpty();
        assertThat(none.lastUid()).isZero();
        assertThatThrownBy(() -> storage.messages().selection(999_999)).isInstanceOf(StoreException.class);
    }
}
