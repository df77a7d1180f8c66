package org.cpmmss.james.store.embedded;

import org.cpmmss.james.plumbing.Syncable;
import org.cpmmss.james.testing.FullDiskFileSystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.StoreException;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A group commit forces the segment on a thread of its own while its leader writes the metadata chunk
 * ({@link SegmentForceAlongsideChunk}): the chunk can reach the file before the bytes it refers to are durable. What
 * that relies on, observed: nothing is acknowledged before both forces; a crash at that moment (the chunk written,
 * the segment bytes lost) starts without the message, its UID not handed out again, MODSEQ not lower; and a segment
 * force that fails fails the write before the database file is forced, so nothing of it is found after a restart.
 */
class SegmentForceAlongsideChunkTest {
    private static final FolderName INBOX = new FolderName("#private", "+33600000001@cpm", "INBOX");

    private final Path dir = StoreTestSupport.tempDir();
    private final Path crashed = StoreTestSupport.tempDir();
    private final AtomicBoolean holdNextSegmentForce = new AtomicBoolean();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        release.countDown();
        pool.shutdownNow();
        StoreTestSupport.closeOnFullDisk(storage, dir);
        StoreTestSupport.delete(crashed);
    }

    private Syncable probe(Syncable target) {
        if (!(target instanceof SegmentLog)) {
            return target;
        }
        return () -> {
            if (holdNextSegmentForce.compareAndSet(true, false)) {
                held.countDown();
                try {
                    release.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            target.sync();
        };
    }

    @Test
    void aCrashWhileTheSegmentForceRunsStartsWithoutTheUnacknowledgedMessage() throws Exception {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(), Clock.systemUTC(),
            this::probe);
        Folder inbox = storage.folders().create(INBOX, 1);
        storage.messages().append(inbox.id(), StoreTestSupport.chat(1));
        StoredMessage second = storage.messages().append(inbox.id(), StoreTestSupport.chat(2));
        Path segment = StoreTestSupport.segmentFile(dir, second.body().segment());
        long forcedLength = Files.size(segment);
        byte[] metaBefore = Files.readAllBytes(dir.resolve("meta.mv.db"));

        holdNextSegmentForce.set(true);
        Future<StoredMessage> third = pool.submit(() -> storage.messages().append(inbox.id(), StoreTestSupport.chat(3)));
        assertThat(held.await(1, TimeUnit.MINUTES)).isTrue();
        // the leader writes the group's chunk while the segment force is held: the file changes ...
        await().atMost(Duration.ofMinutes(1))
            .until(() -> !Arrays.equals(metaBefore, Files.readAllBytes(dir.resolve("meta.mv.db"))));
        // ... and nothing is acknowledged until the segment force is done
        Thread.sleep(100);
        assertThat(third.isDone()).isFalse();

        // a crash now: the chunk is in the file, the segment bytes of the third message are lost
        copyDirectory(dir, crashed);
        try (FileChannel copy = FileChannel.open(StoreTestSupport.segmentFile(crashed, second.body().segment()),
            StandardOpenOption.WRITE)) {
            copy.truncate(forcedLength);
        }
        release.countDown();
        StoredMessage acknowledged = third.get(1, TimeUnit.MINUTES);
        assertThat(acknowledged.uid()).isEqualTo(3);

        try (EmbeddedStorage afterCrash = EmbeddedStorage.open(
            EmbeddedStorage.Settings.defaults(crashed).withoutMaintenance(), Clock.systemUTC())) {
            long folder = afterCrash.folders().find(INBOX).orElseThrow().id();
            List<StoredMessage> left = afterCrash.messages().list(folder, UidRange.ALL, -1);
            assertThat(left).extracting(StoredMessage::uid).containsExactly(1L, 2L);
            assertThat(left).extracting(m -> text(afterCrash.content().read(m.body())))
                .containsExactly("hello 1\r\n", "hello 2\r\n");
            StoredMessage next = afterCrash.messages().append(folder, StoreTestSupport.chat(4));
            assertThat(next.uid()).as("the lost write's UID is not handed out again").isGreaterThanOrEqualTo(3);
            assertThat(next.modSeq()).isGreaterThan(second.modSeq());
        }
    }

    @Test
    void aFailedSegmentForceFailsTheWriteBeforeItsMetadataIsForced() throws Exception {
        // the segment force is slow and then fails: the database file must not be forced meanwhile
        storage = StoreTestSupport.openOnFullDisk(dir, target -> target instanceof SegmentLog ? () -> {
            sleep(300);
            target.sync();
        } : target);
        long folder = storage.folders().create(INBOX, 1).id();
        storage.messages().append(folder, StoreTestSupport.chat(1));

        FullDiskFileSystem.failForcesOf(".seg");
        assertThatThrownBy(() -> storage.messages().append(folder, StoreTestSupport.chat(2)))
            .isInstanceOf(StoreException.class);
        FullDiskFileSystem.free();

        storage.messages().append(folder, StoreTestSupport.chat(3));
        assertThat(bodies(folder)).as("in the same process").containsExactly("hello 1\r\n", "hello 3\r\n");
        storage.close();
        storage = StoreTestSupport.openOnFullDisk(dir, UnaryOperator.identity());
        assertThat(bodies(folder)).as("after a restart").containsExactly("hello 1\r\n", "hello 3\r\n");
    }

    private List<String> bodies(long folder) {
        return StoreTestSupport.bodies(storage, folder);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
