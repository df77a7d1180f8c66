package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.cpmmss.james.store.api.FlagChange;
import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.MessageFlags;
import org.cpmmss.james.store.api.NewMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SELECT's clearing of {@code \Recent} ({@code MessageStore.clearFlag}): only the messages carrying the flag change
 * (one new MODSEQ, the other flags and keywords kept), the others keep their MODSEQ, and a folder where nothing is
 * recent is left without any write or force.
 */
class ClearRecentTest {
    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        storage.close();
        StoreTestSupport.delete(dir);
    }

    private static NewMessage recent(int n, FlagState flags) {
        NewMessage m = StoreTestSupport.chat(n);
        return new NewMessage(m.header(), m.body(), flags, m.internalDate(), m.messageId(), m.threadId(), m.mime());
    }

    @Test
    void clearsRecentOnlyWhereSetAndWritesNothingWhenNothingIsRecent() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        Folder folder = storage.folders().create(new FolderName("#private", "+33600000001@cpm", "Default/c"), 1);
        storage.messages().append(folder.id(), recent(1, FlagState.NONE.with(FlagState.SEEN)));
        storage.messages().append(folder.id(), recent(2, FlagState.of(FlagState.RECENT, List.of("$label1"))));
        storage.messages().append(folder.id(), recent(3, FlagState.NONE));
        storage.messages().append(folder.id(), recent(4, FlagState.NONE.with(FlagState.RECENT).with(FlagState.FLAGGED)));
        List<MessageFlags> before = storage.messages().listFlags(folder.id(), UidRange.ALL, 0);

        List<FlagChange> cleared = storage.messages().clearFlag(folder.id(), FlagState.RECENT);

        assertThat(cleared).extracting(FlagChange::uid).containsExactly(2L, 4L);
        assertThat(cleared).extracting(FlagChange::newFlags).containsExactly(
            FlagState.of(0, List.of("$label1")), FlagState.NONE.with(FlagState.FLAGGED));
        long modSeq = cleared.get(0).modSeq();
        assertThat(cleared.get(1).modSeq()).isEqualTo(modSeq);
        assertThat(modSeq).isGreaterThan(before.get(3).modSeq());
        List<MessageFlags> after = storage.messages().listFlags(folder.id(), UidRange.ALL, 0);
        assertThat(after).extracting(MessageFlags::modSeq)
            .containsExactly(before.get(0).modSeq(), modSeq, before.get(2).modSeq(), modSeq);
        assertThat(storage.folders().highWater(folder.id()).highestModSeq()).isEqualTo(modSeq);
        assertThat(storage.folders().highWater(folder.id()).lastUid()).isEqualTo(4L);

        long forces = storage.groupCommit().forceCount();
        assertThat(storage.messages().clearFlag(folder.id(), FlagState.RECENT)).isEmpty();
        assertThat(storage.groupCommit().forceCount()).isEqualTo(forces);
        assertThat(storage.folders().highWater(folder.id()).highestModSeq()).isEqualTo(modSeq);
        assertThat(storage.messages().listFlags(folder.id(), UidRange.ALL, 0)).isEqualTo(after);
    }
}
