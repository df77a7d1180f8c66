package org.cpmmss.james.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.SearchQuery;
import org.cpmmss.james.search.text.LuceneTextIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexer leaves a burst of appends alone ({@code cpm.search.quiet-wait}): it indexes once announcements pause,
 * all of the burst in one batch, or at the latest {@code cpm.search.max-lag} after the oldest announcement waiting
 * when they never pause; IMAP requests ({@code ClientActivity}) hold it back the same way, and stop a batch under way
 * between two messages. A search is never behind either way (it catches its folder up itself). A real store and a
 * real Lucene index; announcements made by hand as {@link SearchIndexingListener} makes them.
 */
class IndexerWaitsForQuietTest {
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
    void aBurstIsIndexedOnceAppendsPauseAndASearchDuringItIsNotBehind() throws Exception {
        world = new IndexerFixture(dir);
        LuceneTextIndex index = world.newIndex();
        // a quiet wait well above a stalled append on a loaded machine (400 ms was passed once at load 20)
        SearchIndexer indexer = startedIndexer(index, Duration.ofSeconds(2), Duration.ofMinutes(10));

        MessageUid last = burst(indexer, Duration.ofMillis(1500));

        assertThat(indexer.mark(world.folderId)).as("nothing indexed while the burst went on").isZero();
        assertThat(indexer.isPending(world.folderId)).isTrue();
        awaitMark(indexer, last.asLong(), Duration.ofSeconds(10));
        assertThat(index.uids(world.folderId, SearchQuery.bodyContains("burst")).orElseThrow())
            .hasSize((int) last.asLong());
    }

    @Test
    void appendsThatNeverPauseAreIndexedAtTheMaximumLag() throws Exception {
        world = new IndexerFixture(dir);
        LuceneTextIndex index = world.newIndex();
        SearchIndexer indexer = startedIndexer(index, Duration.ofMinutes(10), Duration.ofMillis(300));

        burst(indexer, Duration.ofMillis(1500));

        assertThat(indexer.mark(world.folderId)).as("indexed during the burst, the quiet wait notwithstanding")
            .isPositive();
    }

    @Test
    void aSearchDuringTheBurstCatchesItsFolderUp() throws Exception {
        world = new IndexerFixture(dir);
        LuceneTextIndex index = world.newIndex();
        SearchIndexer indexer = startedIndexer(index, Duration.ofMinutes(10), Duration.ofMinutes(10));

        MessageUid last = burst(indexer, Duration.ofMillis(300));
        indexer.catchUp(world.folder());

        assertThat(indexer.mark(world.folderId)).isEqualTo(last.asLong());
        assertThat(index.uids(world.folderId, SearchQuery.bodyContains("burst")).orElseThrow())
            .hasSize((int) last.asLong()).contains(last);
    }

    @Test
    void aClientRequestStopsABatchBetweenTwoMessagesAndTheRestFollowsOnceRequestsPause() throws Exception {
        SlowTextIndex index = backlogOf(20);
        SearchIndexer indexer = world.indexer(index,
            new SearchIndexingSettings(Duration.ZERO, Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMinutes(10)));
        indexer.start(); // the start's check of the folder finds 20 messages above its (absent) mark
        assertThat(index.started.await(10, TimeUnit.SECONDS)).isTrue();

        request();
        int atFirstRequest = index.adds.size();
        long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < end) {
            request(); // a device syncing: a request every 50 ms
            Thread.sleep(50);
        }
        int atLastRequest = index.adds.size();

        assertThat(atLastRequest).as("only the message under way was finished").isLessThanOrEqualTo(atFirstRequest + 1);
        assertThat(indexer.mark(world.folderId)).as("the mark covers what was indexed").isEqualTo(atLastRequest);
        assertThat(indexer.isPending(world.folderId)).as("the rest is still pending").isTrue();
        awaitMark(indexer, 20, Duration.ofSeconds(10));
        assertThat(index.adds).as("each message indexed once, in UID order")
            .isEqualTo(LongStream.rangeClosed(1, 20).boxed().toList());
    }

    @Test
    void requestsThatNeverPauseHoldTheBatchBackOnlyUntilTheMaximumLag() throws Exception {
        SlowTextIndex index = backlogOf(10);
        SearchIndexer indexer = world.indexer(index,
            new SearchIndexingSettings(Duration.ZERO, Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(1)));
        request();
        indexer.start();

        long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (indexer.mark(world.folderId) < 10 && System.nanoTime() < end) {
            request();
            Thread.sleep(50);
        }

        assertThat(indexer.mark(world.folderId)).as("indexed while the requests went on").isEqualTo(10);
    }

    @Test
    void aSearchDuringABatchTakesTheFolderOverInsteadOfWaitingForTheWholeBatch() throws Exception {
        SlowTextIndex index = backlogOf(20);
        SearchIndexer indexer = world.indexer(index, new SearchIndexingSettings(Duration.ZERO)); // no quiet wait
        indexer.start();
        assertThat(index.started.await(10, TimeUnit.SECONDS)).isTrue();

        indexer.catchUp(world.folder()); // a search (IMAP or HTTP) while the background batch indexes the folder

        assertThat(indexer.mark(world.folderId)).isEqualTo(20);
        assertThat(index.addingThreads).as("the search indexed the rest itself")
            .contains(Thread.currentThread().getName());
        assertThat(index.adds).as("each message indexed once, in UID order")
            .isEqualTo(LongStream.rangeClosed(1, 20).boxed().toList());
    }

    @Test
    void searchesOfOtherFoldersDoNotStopABatch() throws Exception {
        SlowTextIndex index = backlogOf(10);
        Mailbox other = otherFolder();
        SearchIndexer indexer = world.indexer(index, new SearchIndexingSettings(Duration.ZERO)); // no quiet wait
        indexer.start();
        assertThat(index.started.await(10, TimeUnit.SECONDS)).isTrue();

        long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (indexer.mark(world.folderId) < 10 && System.nanoTime() < end) {
            indexer.catchUp(other); // another folder's searches, without a pause
        }

        assertThat(indexer.mark(world.folderId)).isEqualTo(10);
        assertThat(index.addingThreads).as("all indexed by the background batch").allMatch(t -> t.startsWith("cpm-search-indexer"));
    }

    private Mailbox otherFolder() throws Exception {
        MailboxId id = world.manager.createMailbox(MailboxPath.forUser(world.owner, "Other"), world.session).orElseThrow();
        return world.manager.getMapperFactory().getMailboxMapper(world.session).findMailboxById(id).block();
    }

    private SlowTextIndex backlogOf(int messages) throws Exception {
        world = new IndexerFixture(dir);
        for (int i = 0; i < messages; i++) {
            world.append("m" + i, "backlog " + i);
        }
        return new SlowTextIndex(world.newIndex());
    }

    private SearchIndexer startedIndexer(LuceneTextIndex index, Duration quietWait, Duration maxLag) throws Exception {
        SearchIndexer indexer = world.indexer(index,
            new SearchIndexingSettings(Duration.ZERO, Duration.ofSeconds(1), quietWait, maxLag));
        indexer.start();
        indexer.catchUp(world.folder()); // the start's check of the (empty) folder, which waits for a quiet moment
        assertThat(indexer.isPending(world.folderId)).isFalse();
        return indexer;
    }

    /** Appends and announces a message every 50 ms for {@code length}; the last UID. */
    private MessageUid burst(SearchIndexer indexer, Duration length) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        MessageUid uid = null;
        int i = 0;
        while (System.nanoTime() < end) {
            uid = world.append("m" + i, "burst message " + i++);
            indexer.added(world.folderId, world.owner, List.of(uid));
            Thread.sleep(50);
        }
        return uid;
    }

    private void awaitMark(SearchIndexer indexer, long uid, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (indexer.mark(world.folderId) < uid && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(indexer.mark(world.folderId)).as("indexed once the burst was over").isEqualTo(uid);
    }

    /** An IMAP request answered at once. */
    private void request() {
        world.clients.requestStarted();
        world.clients.requestEnded();
    }
}
