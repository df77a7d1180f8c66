package org.cpmmss.james.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.SearchQuery;
import org.cpmmss.james.search.text.LuceneTextIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexer indexes a folder up to the highest UID announced to it (the append path announces a message once it is
 * forced, and hands its bytes over first), not whatever the store holds at that moment: a message stored but not
 * announced yet is left for its own announcement. A real store and a real Lucene index; the announcements are made
 * by hand, as {@link SearchIndexingListener} makes them.
 */
class IndexerReadsAnnouncedMessagesTest {
    @TempDir
    Path dir;

    private IndexerFixture world;

    @AfterEach
    void close() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void aMessageNotAnnouncedYetIsLeftForItsAnnouncement() throws Exception {
        world = new IndexerFixture(dir);
        MailboxId folderId = world.folderId;
        Username owner = world.owner;
        MessageUid first = world.append("hi", "hello first");
        MessageUid second = world.append("hi", "hello second");

        LuceneTextIndex index = world.newIndex();
        SearchIndexer indexer = world.indexer(index, new SearchIndexingSettings(Duration.ZERO));
        Mailbox folder = world.folder();

        indexer.added(folderId, owner, List.of(first));
        indexer.catchUp(folder);
        assertThat(indexer.mark(folderId)).as("indexed up to the announced UID").isEqualTo(first.asLong());
        assertThat(index.uids(folderId, SearchQuery.bodyContains("hello"))).contains(Set.of(first));

        indexer.added(folderId, owner, List.of(second));
        indexer.catchUp(folder);
        assertThat(indexer.mark(folderId)).isEqualTo(second.asLong());
        assertThat(index.uids(folderId, SearchQuery.bodyContains("hello"))).isEqualTo(Optional.of(Set.of(first, second)));
    }

    @Test
    void aTailOfSeveralStoreReadsIsIndexedWholeAndOnlyUpToTheAnnouncedUid() throws Exception {
        world = new IndexerFixture(dir);
        MessageUid announced = null;
        for (int i = 1; i <= 600; i++) {
            MessageUid uid = world.append("m" + i, "chunked " + i);
            if (i == 590) {
                announced = uid;
            }
        }
        LuceneTextIndex index = world.newIndex();
        SearchIndexer indexer = world.indexer(index, new SearchIndexingSettings(Duration.ZERO));

        indexer.added(world.folderId, world.owner, List.of(announced)); // 256 + 256 + 78 messages, in three reads
        indexer.catchUp(world.folder());

        assertThat(indexer.mark(world.folderId)).isEqualTo(590);
        assertThat(index.uids(world.folderId, SearchQuery.bodyContains("chunked")).orElseThrow()).hasSize(590)
            .contains(MessageUid.of(1), MessageUid.of(256), MessageUid.of(257), MessageUid.of(512), MessageUid.of(590))
            .doesNotContain(MessageUid.of(591));
    }
}
