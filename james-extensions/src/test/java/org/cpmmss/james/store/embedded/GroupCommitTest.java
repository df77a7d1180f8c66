package org.cpmmss.james.store.embedded;

import org.cpmmss.james.plumbing.Syncable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The commit path observed through probes wrapped around the store's force targets: a write returns only after a
 * force of the segment and of the database file that began after the write was committed, and concurrent writers
 * share one force.
 */
class GroupCommitTest {
    /** One force as the probe saw it. */
    record Force(String target, long ticketAtStart, long segmentLengthAtStart) {
    }

    private final Path dir = StoreTestSupport.tempDir();
    private final List<Force> forces = new CopyOnWriteArrayList<>();
    private final AtomicBoolean blockNext = new AtomicBoolean();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        release.countDown();
        if (storage != null) {
            storage.close();
        }
        StoreTestSupport.delete(dir);
    }

    private EmbeddedStorage open() {
        UnaryOperator<Syncable> probe = target -> () -> {
            String name = target instanceof SegmentLog ? "segment" : "database";
            forces.add(new Force(name, storage == null ? -1 : storage.groupCommit().lastTicket(), segmentLength()));
            if (blockNext.compareAndSet(true, false)) {
                entered.countDown();
                awaitRelease();
            }
            target.sync();
        };
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC(), probe);
        return storage;
    }

    private void awaitRelease() {
        try {
            release.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long segmentLength() {
        try {
            Path file = StoreTestSupport.segmentFile(dir, 1);
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anAppendReturnsOnlyAfterItsBytesAndItsMetadataAreForced() {
        open();
        Folder inbox = storage.folders().create(new FolderName("#private", "+33600000001@cpm", "INBOX"), 7);
        for (int i = 0; i < 3; i++) {
            long ticketBefore = storage.groupCommit().lastTicket();
            int forcesBefore = forces.size();

            StoredMessage stored = storage.messages().append(inbox.id(), StoreTestSupport.chat(i));

            List<Force> done = forces.subList(forcesBefore, forces.size());
            long end = stored.body().offset() + stored.body().length();
            // the segment force runs alongside the database's chunk write (SegmentForceAlongsideChunk): either may
            // be entered first; the file force waits for the segment's (SegmentForceAlongsideChunkTest)
            assertThat(done).extracting(Force::target).containsExactlyInAnyOrder("segment", "database");
            assertThat(done).allSatisfy(force -> {
                assertThat(force.ticketAtStart()).isEqualTo(ticketBefore + 1);
                assertThat(force.segmentLengthAtStart()).isGreaterThanOrEqualTo(end);
            });
        }
    }

    @Test
    void concurrentWritersShareOneForce() throws Exception {
        open();
        Folder inbox = storage.folders().create(new FolderName("#private", "+33600000001@cpm", "INBOX"), 7);
        int writers = 8;
        long forcesBefore = storage.groupCommit().forceCount();
        long ticketBefore = storage.groupCommit().lastTicket();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            blockNext.set(true);
            List<Future<StoredMessage>> results = new ArrayList<>();
            results.add(pool.submit(() -> storage.messages().append(inbox.id(), StoreTestSupport.chat(0))));
            assertThat(entered.await(1, TimeUnit.MINUTES)).isTrue();
            for (int i = 1; i < writers; i++) {
                int n = i;
                results.add(pool.submit(() -> storage.messages().append(inbox.id(), StoreTestSupport.chat(n))));
            }
            // every writer has committed its metadata and waits for a force; the first force is still held
            await().atMost(Duration.ofMinutes(1))
                .until(() -> storage.groupCommit().lastTicket() == ticketBefore + writers);
            assertThat(results).noneMatch(Future::isDone);

            release.countDown();
            List<Long> uids = new ArrayList<>();
            for (Future<StoredMessage> result : results) {
                uids.add(result.get(1, TimeUnit.MINUTES).uid());
            }

            assertThat(uids).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            assertThat(storage.groupCommit().forceCount() - forcesBefore).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }
}
