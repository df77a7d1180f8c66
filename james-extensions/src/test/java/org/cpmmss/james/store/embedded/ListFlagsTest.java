package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.MessageFlags;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The metadata-only listing of a folder ({@code MessageStore.listFlags}, FETCH FLAGS/MODSEQ and CHANGEDSINCE): every
 * message of the range in UID order, or only those changed since a MODSEQ, with their current flags and MODSEQ.
 */
class ListFlagsTest {
    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        storage.close();
        StoreTestSupport.delete(dir);
    }

    @Test
    void changedSinceListsOnlyTheMessagesChangedAfterItInUidOrder() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        Folder folder = storage.folders().create(new FolderName("#private", "+33600000001@cpm", "Default/c"), 1);
        List<StoredMessage> appended = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            appended.add(storage.messages().append(folder.id(), StoreTestSupport.chat(i)));
        }
        long before = appended.get(5).modSeq();
        // changed in reverse UID order: the MODSEQ index returns them in MODSEQ order, the answer is by UID
        storage.messages().updateFlags(folder.id(), new UidRange(5, 5), old -> old.with(FlagState.SEEN));
        storage.messages().updateFlags(folder.id(), new UidRange(2, 2), old -> old.with(FlagState.FLAGGED));

        List<MessageFlags> changed = storage.messages().listFlags(folder.id(), UidRange.ALL, before);
        assertThat(changed).extracting(MessageFlags::uid).containsExactly(2L, 5L);
        assertThat(changed.get(0).flags()).isEqualTo(FlagState.NONE.with(FlagState.FLAGGED));
        assertThat(changed.get(1).flags()).isEqualTo(FlagState.NONE.with(FlagState.SEEN));
        assertThat(changed.get(0).modSeq()).isGreaterThan(changed.get(1).modSeq()).isGreaterThan(before);

        assertThat(storage.messages().listFlags(folder.id(), new UidRange(3, 6), before))
            .extracting(MessageFlags::uid).containsExactly(5L);
        assertThat(storage.messages().listFlags(folder.id(), UidRange.ALL, changed.get(0).modSeq())).isEmpty();
        assertThat(storage.messages().listFlags(folder.id(), UidRange.ALL, Long.MAX_VALUE)).as("the highest MODSEQ there is").isEmpty();

        List<MessageFlags> all = storage.messages().listFlags(folder.id(), UidRange.ALL, 0);
        assertThat(all).extracting(MessageFlags::uid).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(all.get(2).modSeq()).isEqualTo(appended.get(2).modSeq());
        assertThat(all.get(2).messageId()).isEqualTo(appended.get(2).messageId());
    }

    /**
     * The listing without ids (the stored FETCH's FLAGS/MODSEQ answers, CHANGEDSINCE and flag updates) reads the flags
     * rows alone: the same messages, MODSEQs and flags as the full listing, with and without CHANGEDSINCE, over any
     * range, an expunged message left out alike; message and thread ids not read.
     */
    @Test
    void theListingWithoutIdsHasTheRowsOfTheFullOne() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        Folder folder = storage.folders().create(new FolderName("#private", "+33600000001@cpm", "Default/c"), 1);
        List<StoredMessage> appended = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            appended.add(storage.messages().append(folder.id(), StoreTestSupport.chat(i)));
        }
        long before = appended.get(39).modSeq();
        for (long uid = 3; uid <= 40; uid += 7) {
            storage.messages().updateFlags(folder.id(), new UidRange(uid, uid), old -> old.with(FlagState.SEEN));
        }
        storage.messages().updateFlags(folder.id(), new UidRange(11, 12),
            old -> FlagState.of(old.systemFlags(), java.util.Set.of("$label")));
        storage.messages().expunge(folder.id(), List.of(10L, 17L));

        for (long since : new long[] {0, before, before + 2, Long.MAX_VALUE}) {
            for (UidRange range : List.of(UidRange.ALL, new UidRange(5, 24), UidRange.one(17), UidRange.one(24))) {
                List<MessageFlags> full = storage.messages().listFlags(folder.id(), range, since);
                List<MessageFlags> bare = storage.messages().listFlagsWithoutIds(folder.id(), range, since);
                assertThat(bare).as("since %d, %s", since, range).extracting(MessageFlags::uid, MessageFlags::modSeq,
                    MessageFlags::flags).containsExactlyElementsOf(full.stream()
                        .map(row -> org.assertj.core.groups.Tuple.tuple(row.uid(), row.modSeq(), row.flags())).toList());
                assertThat(bare).allSatisfy(row -> {
                    assertThat(row.messageId()).isNull();
                    assertThat(row.threadId()).isNull();
                });
            }
        }
        assertThat(storage.messages().listFlagsWithoutIds(folder.id(), UidRange.ALL, before))
            .extracting(MessageFlags::uid).containsExactly(3L, 11L, 12L, 24L, 31L, 38L);
    }
}
