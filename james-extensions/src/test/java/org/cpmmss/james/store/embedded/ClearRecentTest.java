package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.cpmmss.james.store.api.FlagChange;
import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.MessageFlags;
import org.cpmmss.james.store.api.NewMessage;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SELECT's clearing of {@code \Recent} ({@code MessageStore.clearRecent}) through the folder's floor: the messages
 * that carried it are returned with their other flags, keywords and MODSEQs kept; afterwards no read shows it on them;
 * nothing but the folder row is written (no message row, no MODSEQ); messages stored later are recent again; a flag
 * change setting {@code \Recent} below the floor still works; the floor survives a restart, and a store written before
 * the floor opens with its recent messages still recent.
 */
class ClearRecentTest {
    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;
    private Folder folder;

    @BeforeEach
    void open() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        folder = storage.folders().create(new FolderName("#private", "+33600000001@cpm", "Default/c"), 1);
    }

    @AfterEach
    void tearDown() {
        StoreTestSupport.closeAndDelete(storage, dir);
    }

    private static NewMessage stored(int n, FlagState flags) {
        NewMessage m = StoreTestSupport.chat(n);
        return new NewMessage(m.header(), m.body(), flags, m.internalDate(), m.messageId(), m.threadId(), m.mime());
    }

    private void appendFour() {
        storage.messages().append(folder.id(), stored(1, FlagState.NONE.with(FlagState.SEEN)));
        storage.messages().append(folder.id(), stored(2, FlagState.of(FlagState.RECENT, List.of("$label1"))));
        storage.messages().append(folder.id(), stored(3, FlagState.NONE));
        storage.messages().append(folder.id(), stored(4, FlagState.NONE.with(FlagState.RECENT).with(FlagState.FLAGGED)));
    }

    private List<Long> recent() {
        return storage.messages().uidsWith(folder.id(), UidRange.ALL, FlagState.RECENT);
    }

    @Test
    void clearsRecentWhereSetKeepingModSeqsAndWritesNothingWhenNothingIsRecent() {
        appendFour();
        List<MessageFlags> before = storage.messages().listFlags(folder.id(), UidRange.ALL, 0);
        long highest = storage.folders().highWater(folder.id()).highestModSeq();

        List<FlagChange> cleared = storage.messages().clearRecent(folder.id());

        assertThat(cleared).extracting(FlagChange::uid).containsExactly(2L, 4L);
        assertThat(cleared).extracting(FlagChange::oldFlags).containsExactly(
            FlagState.of(FlagState.RECENT, List.of("$label1")), FlagState.NONE.with(FlagState.RECENT).with(FlagState.FLAGGED));
        assertThat(cleared).extracting(FlagChange::newFlags).containsExactly(
            FlagState.of(0, List.of("$label1")), FlagState.NONE.with(FlagState.FLAGGED));
        assertThat(cleared).extracting(FlagChange::modSeq).containsExactly(before.get(1).modSeq(), before.get(3).modSeq());
        assertThat(cleared).extracting(FlagChange::messageId).containsExactly(before.get(1).messageId(),
            before.get(3).messageId());
        List<MessageFlags> after = storage.messages().listFlags(folder.id(), UidRange.ALL, 0);
        assertThat(after).extracting(MessageFlags::modSeq).isEqualTo(before.stream().map(MessageFlags::modSeq).toList());
        assertThat(after).extracting(MessageFlags::flags).containsExactly(FlagState.NONE.with(FlagState.SEEN),
            FlagState.of(0, List.of("$label1")), FlagState.NONE, FlagState.NONE.with(FlagState.FLAGGED));
        assertThat(storage.messages().list(folder.id(), UidRange.ALL, 0)).extracting(StoredMessage::flags)
            .isEqualTo(after.stream().map(MessageFlags::flags).toList());
        assertThat(storage.messages().list(folder.id(), UidRange.one(2), 1)).extracting(StoredMessage::flags)
            .containsExactly(FlagState.of(0, List.of("$label1")));
        assertThat(storage.messages().selection(folder.id()).recent()).isZero();
        assertThat(recent()).isEmpty();
        assertThat(storage.folders().highWater(folder.id()).highestModSeq()).isEqualTo(highest);

        long forces = storage.groupCommit().forceCount();
        assertThat(storage.messages().clearRecent(folder.id())).isEmpty();
        assertThat(storage.groupCommit().forceCount()).isEqualTo(forces);
        assertThat(storage.messages().listFlags(folder.id(), UidRange.ALL, 0)).isEqualTo(after);
    }

    @Test
    void messagesStoredAfterAClearAreRecentByTheirOwnFlags() {
        appendFour();
        storage.messages().clearRecent(folder.id());

        storage.messages().append(folder.id(), stored(5, FlagState.NONE.with(FlagState.RECENT)));
        storage.messages().append(folder.id(), stored(6, FlagState.NONE)); // APPEND into the folder its session selected
        storage.messages().copy(folder.id(), 2, folder.id(), FlagState.NONE.with(FlagState.RECENT));

        assertThat(recent()).containsExactly(5L, 7L);
        assertThat(storage.messages().selection(folder.id()).recentUids()).containsExactly(5L, 7L);
        assertThat(storage.messages().clearRecent(folder.id())).extracting(FlagChange::uid).containsExactly(5L, 7L);
        assertThat(recent()).isEmpty();
    }

    @Test
    void aFlagChangeOnAClearedMessageNeitherKeepsNorRevivesItsRecentBit() throws Exception {
        appendFour();
        storage.messages().clearRecent(folder.id());

        List<FlagChange> seen = storage.messages().updateFlags(folder.id(), UidRange.one(4), f -> f.with(FlagState.SEEN));

        assertThat(seen.get(0).oldFlags()).isEqualTo(FlagState.NONE.with(FlagState.FLAGGED));
        assertThat(seen.get(0).newFlags()).isEqualTo(FlagState.NONE.with(FlagState.FLAGGED).with(FlagState.SEEN));
        assertThat(storedSystemFlags(4)).isEqualTo(FlagState.FLAGGED | FlagState.SEEN);
        // an update leaving the visible flags as they are changes nothing (the bit below the floor is not a change)
        assertThat(storage.messages().updateFlags(folder.id(), UidRange.one(2), f -> f)).noneMatch(FlagChange::changed);
    }

    @Test
    void settingRecentBelowTheFloorMakesOnlyThatMessageRecent() {
        appendFour();
        storage.messages().clearRecent(folder.id());

        List<FlagChange> set = storage.messages().updateFlags(folder.id(), UidRange.one(3), f -> f.with(FlagState.RECENT));

        assertThat(set.get(0).changed()).isTrue();
        assertThat(recent()).containsExactly(3L);
        assertThat(storage.messages().selection(folder.id()).recentUids()).containsExactly(3L);
        assertThat(storage.messages().listFlags(folder.id(), UidRange.ALL, 0)).extracting(MessageFlags::flags)
            .extracting(f -> f.has(FlagState.RECENT)).containsExactly(false, false, true, false);
        assertThat(storage.messages().clearRecent(folder.id())).extracting(FlagChange::uid).containsExactly(3L);
        assertThat(recent()).isEmpty();
    }

    @Test
    void theFloorSurvivesARestartAndAStoreWrittenBeforeItKeepsItsRecentMessages() throws Exception {
        appendFour();
        storage.messages().clearRecent(folder.id());
        storage.messages().append(folder.id(), stored(5, FlagState.NONE.with(FlagState.RECENT)));
        reopen();
        assertThat(recent()).containsExactly(5L);

        storage.close();
        storage = null;
        // the layout before the floor: no recent_floor column, every bit counts (uids 2 and 4 carry theirs still)
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + dir.resolve("meta").toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute("ALTER TABLE folder DROP COLUMN recent_floor");
        }
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        assertThat(recent()).containsExactly(2L, 4L, 5L);
        assertThat(storage.messages().clearRecent(folder.id())).extracting(FlagChange::uid).containsExactly(2L, 4L, 5L);
        reopen();
        assertThat(recent()).isEmpty();
    }

    @Test
    void aFolderImportedWithTheIdOfADeletedOneStartsWithoutItsFloor() {
        appendFour();
        storage.messages().clearRecent(folder.id());
        assertThat(recent()).isEmpty(); // the floor is cached now
        storage.folders().delete(folder.id());
        EmbeddedImport importer = storage.importer();
        assertThat(importer.storeIsEmpty()).isTrue();

        importer.folder(folder.id(), folder.name(), 7, 2, 5);
        importer.messages(folder.id(), List.of(
            new EmbeddedImport.ImportedMessage(1, 3, 0, stored(1, FlagState.NONE.with(FlagState.RECENT))),
            new EmbeddedImport.ImportedMessage(2, 4, 0, stored(2, FlagState.NONE))));

        assertThat(recent()).containsExactly(1L);
    }

    @Test
    void twoConcurrentClearsReturnEachRecentMessageOnce() throws Exception {
        for (int round = 0; round < 20; round++) {
            long first = 10L * round + 1;
            for (int i = 0; i < 10; i++) {
                storage.messages().append(folder.id(), stored(round * 10 + i, FlagState.NONE.with(FlagState.RECENT)));
            }
            CyclicBarrier start = new CyclicBarrier(2);
            Callable<List<Long>> clear = () -> {
                start.await();
                return storage.messages().clearRecent(folder.id()).stream().map(FlagChange::uid).toList();
            };
            ExecutorService two = Executors.newFixedThreadPool(2);
            try {
                Future<List<Long>> a = two.submit(clear);
                Future<List<Long>> b = two.submit(clear);
                List<Long> all = new ArrayList<>(a.get());
                all.addAll(b.get());
                Set<Long> once = new HashSet<>(all);
                assertThat(all).hasSize(10).hasSameSizeAs(once);
                assertThat(once).allMatch(uid -> uid >= first && uid < first + 10);
            } finally {
                two.shutdown();
            }
        }
    }

    private void reopen() {
        storage.close();
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
    }

    private int storedSystemFlags(long uid) throws Exception {
        storage.close();
        storage = null;
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + dir.resolve("meta").toAbsolutePath());
             PreparedStatement q = c.prepareStatement("SELECT flags FROM message_flags WHERE folder_id = ? AND uid = ?")) {
            q.setLong(1, folder.id());
            q.setLong(2, uid);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } finally {
            storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        }
    }
}
