package org.cpmmss.james.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.cpmmss.james.search.text.LuceneTextIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-your-writes against the background indexer: when the indexer has already taken a folder's pending messages
 * and is indexing them, a search's catch-up of that folder waits for that batch instead of searching before it (seen
 * on a fresh server: a SEARCH right after the first APPEND found nothing). The indexer's writes to a real Lucene
 * index are held at a gate so that the interleaving is certain, not timed.
 */
class CatchUpWaitsForTheIndexerTest {
    @TempDir
    Path dir;

    private IndexerFixture world;
    private SearchIndexer indexer;

    @AfterEach
    void close() {
        if (world != null) {
            world.close(); // stops the indexer too
        }
    }

    /** How a search catches up: IMAP's (one folder) or the HTTP history search's (its folders by id). */
    @FunctionalInterface
    private interface CatchUp {
        void run(SearchIndexer indexer, Mailbox folder) throws Exception;
    }

    @Test
    void aCatchUpWaitsForTheBatchTheIndexerIsWriting() throws Exception {
        catchUpWaitsForTheBatch(SearchIndexer::catchUp);
    }

    @Test
    void theHistorySearchsCatchUpWaitsForTheBatchTheIndexerIsWritingToo() throws Exception {
        catchUpWaitsForTheBatch((indexer, folder) -> indexer.catchUp(List.of(folder.getMailboxId())));
    }

    private void catchUpWaitsForTheBatch(CatchUp how) throws Exception {
        world = new IndexerFixture(dir);
        MailboxId folderId = world.folderId;
        MessageUid uid = world.append("hi", "hello");

        GatedIndex index = new GatedIndex(world.newIndex());
        indexer = world.indexer(index, new SearchIndexingSettings(Duration.ZERO));
        // the start finds the message above the folder's mark (0) and queues the folder: the worker takes it
        indexer.start();
        assertThat(index.entered.await(30, TimeUnit.SECONDS)).as("the background indexer took the folder").isTrue();
        assertThat(indexer.isPending(folderId)).as("its pending entry is taken").isFalse();

        Mailbox folder = world.folder();
        Thread[] searcher = new Thread[1];
        CompletableFuture<Void> catchUp = CompletableFuture.runAsync(() -> {
            searcher[0] = Thread.currentThread();
            try {
                how.run(indexer, folder);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // the catch-up either returns at once (it did not wait: the defect) or blocks on the folder the indexer holds
        while (!catchUp.isDone() && (searcher[0] == null || searcher[0].getState() != Thread.State.BLOCKED)) {
            Thread.onSpinWait();
        }
        assertThat(catchUp).as("a catch-up while the indexer writes the folder waits for it").isNotDone();

        index.gate.countDown();
        catchUp.get(30, TimeUnit.SECONDS);
        assertThat(index.delegate.uids(folderId, SearchQuery.bodyContains("hello")))
            .as("once the catch-up returned, the message is searchable").contains(Set.of(uid));
    }

    /** A real index whose first add waits at a gate, telling the test it was entered. */
    private static final class GatedIndex extends ForwardingTextIndex {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);

        GatedIndex(LuceneTextIndex delegate) {
            super(delegate);
        }

        @Override
        public void add(MailboxMessage message) throws IOException {
            pause();
            super.add(message);
        }

        @Override
        public void add(MailboxMessage message, byte[] content) throws IOException {
            pause();
            super.add(message, content);
        }

        private void pause() throws IOException {
            entered.countDown();
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    throw new IOException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }
}
