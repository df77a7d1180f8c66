package org.cpmmss.james.store.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderCounters;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.MessageFlags;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The metadata-only listing on PostgreSQL (FETCH FLAGS/MODSEQ, CHANGEDSINCE) and the counters, read on one node
 * after the writes of another: every message of the range in UID order, or only those changed since a MODSEQ.
 */
class PostgresListFlagsTest {
    private final PgStoreNodes nodes = new PgStoreNodes("list_flags");

    @AfterEach
    void close() {
        nodes.close();
    }

    @Test
    void changedSinceOnOneNodeListsWhatAnotherNodeChangedInUidOrder() {
        PostgresqlStorage writer = nodes.node(2);
        PostgresqlStorage reader = nodes.node(2);
        Folder folder = writer.folders().create(new FolderName("#private", "+33600000001@cpm", "Default/c"), 1);
        List<StoredMessage> appended = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            appended.add(writer.messages().append(folder.id(), PgStoreNodes.chat("tel:+33600000002", i)));
        }
        long before = appended.get(5).modSeq();
        // changed in reverse UID order: the MODSEQ index returns them in MODSEQ order, the answer is by UID
        writer.messages().updateFlags(folder.id(), new UidRange(5, 5), old -> old.with(FlagState.SEEN));
        writer.messages().updateFlags(folder.id(), new UidRange(2, 2),
            old -> FlagState.of(FlagState.FLAGGED, List.of("$delivered")));

        List<MessageFlags> changed = reader.messages().listFlags(folder.id(), UidRange.ALL, before);
        assertThat(changed).extracting(MessageFlags::uid).containsExactly(2L, 5L);
        assertThat(changed.get(0).flags()).isEqualTo(FlagState.of(FlagState.FLAGGED, List.of("$delivered")));
        assertThat(changed.get(1).flags()).isEqualTo(FlagState.NONE.with(FlagState.SEEN));
        assertThat(changed.get(0).modSeq()).isGreaterThan(changed.get(1).modSeq()).isGreaterThan(before);
        assertThat(reader.messages().listFlags(folder.id(), new UidRange(3, 6), before))
            .extracting(MessageFlags::uid).containsExactly(5L);
        assertThat(reader.messages().listFlags(folder.id(), UidRange.ALL, changed.get(0).modSeq())).isEmpty();

        List<MessageFlags> all = reader.messages().listFlags(folder.id(), UidRange.ALL, 0);
        assertThat(all).extracting(MessageFlags::uid).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(all.get(2).modSeq()).isEqualTo(appended.get(2).modSeq());
        assertThat(reader.messages().applicableKeywords(folder.id())).containsExactly("$delivered");
        assertThat(reader.messages().uidsWith(folder.id(), UidRange.ALL, FlagState.SEEN)).containsExactly(5L);
        assertThat(reader.messages().firstUidWithout(folder.id(), FlagState.SEEN)).hasValue(1L);

        FolderCounters counters = reader.folders().counters(folder.id());
        assertThat(counters).isEqualTo(new FolderCounters(6, 5, 6, changed.get(0).modSeq()));
        writer.messages().expunge(folder.id(), List.of(1L, 5L));
        assertThat(reader.folders().counters(folder.id())).isEqualTo(new FolderCounters(4, 4, 6,
            changed.get(0).modSeq()));
        assertThat(reader.messages().firstUidWithout(folder.id(), FlagState.SEEN)).hasValue(2L);
    }
}
