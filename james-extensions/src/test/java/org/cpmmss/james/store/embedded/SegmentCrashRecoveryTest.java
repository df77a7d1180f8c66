package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Start after a crash: a torn segment tail is cut off, no half-written message is visible, UIDs are never handed out
 * again, and (forked JVM killed with SIGKILL mid-ingestion) every acknowledged message is there, intact.
 */
class SegmentCrashRecoveryTest {
    private static final FolderName INBOX = new FolderName("#private", "+33600000001@cpm", "INBOX");

    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        StoreTestSupport.closeAndDelete(storage, dir);
    }

    private EmbeddedStorage open() {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC());
        return storage;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Test
    void aMessageWhoseBytesWereTornIsGoneAndItsUidIsNotReused() throws Exception {
        open();
        Folder inbox = storage.folders().create(INBOX, 1);
        storage.messages().append(inbox.id(), StoreTestSupport.chat(1));
        storage.messages().append(inbox.id(), StoreTestSupport.chat(2));
        StoredMessage torn = storage.messages().append(inbox.id(), StoreTestSupport.chat(3));
        storage.close();
        storage = null;
        try (FileChannel segment = FileChannel.open(StoreTestSupport.segmentFile(dir, torn.body().segment()),
            StandardOpenOption.WRITE)) {
            segment.truncate(torn.body().offset() + 2);
        }

        open();

        List<StoredMessage> left = storage.messages().list(inbox.id(), UidRange.ALL, 0);
        assertThat(left).extracting(StoredMessage::uid).containsExactly(1L, 2L);
        assertThat(text(storage.content().read(left.get(1).body()))).isEqualTo("hello 2\r\n");
        assertThat(storage.references(torn.body().blobId())).isZero();
        StoredMessage next = storage.messages().append(inbox.id(), StoreTestSupport.chat(4));
        assertThat(next.uid()).isEqualTo(4);
        assertThat(next.modSeq()).isGreaterThan(torn.modSeq());
        assertThat(text(storage.content().read(next.body()))).isEqualTo("hello 4\r\n");
    }

    @Test
    void aTornRecordWithoutMetadataIsCutOffAndWritingGoesOn() throws Exception {
        open();
        Folder inbox = storage.folders().create(INBOX, 1);
        storage.messages().append(inbox.id(), StoreTestSupport.chat(1));
        storage.close();
        storage = null;
        Path file = StoreTestSupport.segmentFile(dir, 1);
        long goodLength = Files.size(file);
        try (FileChannel segment = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer partial = ByteBuffer.allocate(20).putInt(SegmentLog.MAGIC).putInt(500).putInt(42);
            partial.flip();
            segment.write(partial);
        }

        open();

        assertThat(Files.size(file)).isEqualTo(goodLength);
        StoredMessage next = storage.messages().append(inbox.id(), StoreTestSupport.chat(2));
        assertThat(next.uid()).isEqualTo(2);
        assertThat(text(storage.content().read(next.header()))).contains("IMDN-Message-ID: m2");
    }

    @Test
    void sigkillDuringIngestionLosesNoAcknowledgedMessage() throws Exception {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), dir.toString(),
            "0") // RETENTION_TIME 0 as shipped: dead chunks reused once the chunk that killed them is forced
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        Map<Long, Integer> acknowledged = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
            StandardCharsets.US_ASCII))) {
            String line;
            while (acknowledged.size() < 300 && (line = out.readLine()) != null) {
                String[] f = line.split(" ");
                acknowledged.put(Long.parseLong(f[1]), Integer.parseInt(f[2]));
            }
            writer.destroyForcibly();
            assertThat(writer.waitFor(1, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);

        open();

        Folder inbox = storage.folders().find(INBOX).orElseThrow();
        Map<Long, StoredMessage> found = new HashMap<>();
        storage.messages().list(inbox.id(), UidRange.ALL, 0).forEach(m -> found.put(m.uid(), m));
        acknowledged.forEach((uid, n) -> {
            assertThat(found).containsKey(uid);
            assertThat(text(storage.content().read(found.get(uid).body()))).isEqualTo("hello " + n + "\r\n");
        });
        for (StoredMessage m : found.values()) {
            assertThat(text(storage.content().read(m.header()))).startsWith("From: tel:+33600000001");
        }
        long highest = found.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(storage.messages().append(inbox.id(), StoreTestSupport.chat(-1)).uid()).isGreaterThan(highest);
    }
}
