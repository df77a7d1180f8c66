package org.cpmmss.james.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.lucene.store.RAMDirectory;
import org.cpmmss.james.search.text.LuceneTextIndex;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.james.store.mailbox.NativeMailboxManager;
import org.cpmmss.james.store.mailbox.NativeMailboxManagerAssembly;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop while the indexer works through a backlog (a clean stop right after heavy ingestion) lets the message being
 * indexed finish instead of interrupting the indexer inside Lucene's writes: an interrupted write fails, and the
 * index's last commit with it ("Search index commit failed" at every such stop). What was indexed gets its mark; the
 * rest is a tail for the next start. Nor does a long gather delay hold the stop up.
 */
class IndexerStopTest {
    @TempDir
    Path dir;
    private EmbeddedStorage storage;
    private SearchIndexer indexer;

    @AfterEach
    void close() {
        if (indexer != null) {
            indexer.stop();
        }
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void aStopDuringABacklogFinishesTheMessageUnderWayAndTheCommitThatFollowsSucceeds() throws Exception {
        NativeMailboxManager manager = managerWithMessages(20);
        SlowIndex index = index(manager);
        indexer = new SearchIndexer(index, manager.getMapperFactory(), sessions(manager), new FreshContent(),
            new SearchIndexingSettings(Duration.ZERO));
        indexer.start();
        assertThat(index.started.await(30, TimeUnit.SECONDS)).isTrue();

        long before = System.nanoTime();
        indexer.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        assertThat(index.interruptedAdds).as("adds that ran with the indexer interrupted").isEmpty();
        assertThat(index.adds.size()).as("the backlog was left part-way").isBetween(1, 19);
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        index.commit(); // throws when a write failed since the last commit
        assertThat(index.delegate().marks()).as("the mark covers what was indexed")
            .containsValue((long) index.adds.size());
    }

    @Test
    void aLongGatherDelayDoesNotHoldTheStopUp() throws Exception {
        NativeMailboxManager manager = managerWithMessages(1);
        SlowIndex index = index(manager);
        indexer = new SearchIndexer(index, manager.getMapperFactory(), sessions(manager), new FreshContent(),
            new SearchIndexingSettings(Duration.ofMinutes(10)));
        indexer.start();
        Thread.sleep(200); // the indexer found the folder pending and waits out the gather delay

        long before = System.nanoTime();
        indexer.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
        assertThat(index.adds).isEmpty();
    }

    private NativeMailboxManager managerWithMessages(int count) throws Exception {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(Files.createDirectories(dir.resolve("store"))),
            Clock.systemUTC());
        NativeMailboxManager manager = NativeMailboxManagerAssembly.create(storage);
        Username owner = Username.of("alice@example.com");
        MailboxSession session = manager.createSystemSession(owner);
        MailboxId folderId = manager.createMailbox(MailboxPath.inbox(owner), session).orElseThrow();
        MessageManager inbox = manager.getMailbox(folderId, session);
        for (int i = 0; i < count; i++) {
            inbox.appendMessage(MessageManager.AppendCommand.builder()
                .build(("Subject: m" + i + "\r\n\r\nhello " + i + "\r\n").getBytes(StandardCharsets.UTF_8)), session);
        }
        return manager;
    }

    private static SessionProvider sessions(NativeMailboxManager manager) {
        return ((StoreMailboxManager) manager).getSessionProvider();
    }

    private static SlowIndex index(NativeMailboxManager manager) throws IOException {
        return new SlowIndex(new LuceneTextIndex(new RAMDirectory(),
            new MailboxStoredTexts(manager::getMapperFactory, sessions(manager))));
    }

    /** A real index whose adds take 100 ms each (a backlog), recording whether the adding thread was interrupted. */
    private static final class SlowIndex extends ForwardingTextIndex {
        final CountDownLatch started = new CountDownLatch(1);
        final List<Long> adds = new CopyOnWriteArrayList<>();
        final List<Long> interruptedAdds = new CopyOnWriteArrayList<>();

        SlowIndex(LuceneTextIndex delegate) {
            super(delegate);
        }

        LuceneTextIndex delegate() {
            return (LuceneTextIndex) delegate;
        }

        @Override
        public void add(MailboxMessage message) throws IOException {
            slowly(message);
            super.add(message);
        }

        @Override
        public void add(MailboxMessage message, byte[] content) throws IOException {
            slowly(message);
            super.add(message, content);
        }

        private void slowly(MailboxMessage message) {
            started.countDown();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            while (System.nanoTime() < end) {
                Thread.onSpinWait(); // busy, as Lucene's inversion is: an interrupt would only be seen by its I/O
            }
            if (Thread.currentThread().isInterrupted()) {
                interruptedAdds.add(message.getUid().asLong());
            }
            adds.add(message.getUid().asLong());
        }
    }
}
