package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Online segment compaction: live blobs of mostly-dead sealed segments move to the active segment, the old files go,
 * every live message keeps its bytes (also through an address learnt before the move), and bytes that no metadata
 * references (a crash between a segment force and the metadata commit) are reclaimed the same way.
 */
class SegmentCompactionTest {
    private static final FolderName INBOX = new FolderName("#private", "+33600000001@cpm", "INBOX");

    private final Path dir = StoreTestSupport.tempDir();
    private EmbeddedStorage storage;

    @AfterEach
    void tearDown() {
        StoreTestSupport.closeAndDelete(storage, dir);
    }

    private EmbeddedStorage open() {
        storage = EmbeddedStorage.open(new EmbeddedStorage.Settings(dir, 4 * 1024, 4, 2000).withoutMaintenance(),
            Clock.systemUTC());
        return storage;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String body(int n) {
        return "hello " + n + "\r\n" + String.valueOf((char) ('a' + n % 26)).repeat(600) + "\r\n";
    }

    private List<StoredMessage> appendMany(Folder inbox, int count) {
        return appendMany(inbox, 0, count);
    }

    private List<StoredMessage> appendMany(Folder inbox, int first, int count) {
        List<StoredMessage> out = new ArrayList<>();
        for (int n = first; n < first + count; n++) {
            out.add(storage.messages().append(inbox.id(), StoreTestSupport.message(
                "From: tel:+33600000001\r\nIMDN-Message-ID: m" + n + "\r\n\r\n", body(n))));
        }
        return out;
    }

    private long segmentBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("segments"))) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void liveBlobsOfMostlyDeadSegmentsMoveAndTheOldFilesAreDeleted() throws Exception {
        open();
        Folder inbox = storage.folders().create(INBOX, 1);
        List<StoredMessage> all = appendMany(inbox, 60);
        List<StoredMessage> kept = new ArrayList<>();
        List<Long> expunged = new ArrayList<>();
        for (StoredMessage m : all) {
            if (m.uid() % 5 == 0) {
                kept.add(m);
            } else {
                expunged.add(m.uid());
            }
        }
        storage.messages().expunge(inbox.id(), expunged);
        long before = segmentBytes();
        List<Long> segmentsBefore = storage.segmentFiles();

        storage.compactSegments();

        assertThat(segmentBytes()).isLessThan(before / 2);
        assertThat(storage.segmentFiles()).doesNotContainAnyElementsOf(
            segmentsBefore.subList(0, segmentsBefore.size() - 1));
        List<StoredMessage> listed = storage.messages().list(inbox.id(), UidRange.ALL, 0);
        assertThat(listed).extracting(StoredMessage::uid).containsExactlyElementsOf(
            kept.stream().map(StoredMessage::uid).toList());
        // the rows keep the places the blobs had when stored; a listing gives the places they have now
        List<Long> segmentsNow = storage.segmentFiles();
        assertThat(listed).allSatisfy(m -> assertThat(segmentsNow).contains(m.header().segment(), m.body().segment()));
        assertThat(storage.messages().listContent(inbox.id(), UidRange.ALL)).extracting(StoredMessage::body)
            .containsExactlyElementsOf(listed.stream().map(StoredMessage::body).toList());
        for (StoredMessage m : listed) {
            int n = (int) m.uid() - 1;
            assertThat(text(storage.content().read(m.body()))).isEqualTo(body(n));
            assertThat(text(storage.content().read(m.header()))).contains("IMDN-Message-ID: m" + n + "\r\n");
        }
        for (StoredMessage stale : kept) {
            assertThat(text(storage.content().read(stale.body()))).isEqualTo(body((int) stale.uid() - 1));
        }

        storage.close();
        storage = null;
        open();
        for (StoredMessage m : storage.messages().list(inbox.id(), UidRange.ALL, 0)) {
            assertThat(text(storage.content().read(m.body()))).isEqualTo(body((int) m.uid() - 1));
        }
        assertThat(storage.messages().append(inbox.id(), StoreTestSupport.chat(999)).uid()).isEqualTo(61);
    }

    @Test
    void aStoreTrimmedOldestFirstLosesWholeSegmentsWithoutAByteCopied() throws Exception {
        // the default segment size (64 MiB): the active segment is sealed at its share of the store, not when full
        storage = EmbeddedStorage.open(new EmbeddedStorage.Settings(dir, 64L << 20, 4, 2000).withoutMaintenance(),
            Clock.systemUTC());
        Folder inbox = storage.folders().create(INBOX, 1);
        List<StoredMessage> older = appendMany(inbox, 500);
        assertThat(segmentBytes()).isGreaterThan(EmbeddedStorage.MIN_SEAL_BYTES);
        storage.compactSegments();
        List<StoredMessage> newer = appendMany(inbox, 500, 500);
        storage.compactSegments();
        List<Long> segments = storage.segmentFiles();
        assertThat(segments).hasSize(3);
        long secondSize = Files.size(StoreTestSupport.segmentFile(dir, segments.get(1)));

        storage.messages().expunge(inbox.id(), older.stream().map(StoredMessage::uid).toList());
        storage.compactSegments();

        // the oldest segment held only expunged messages: deleted; nothing was copied into the active one
        assertThat(storage.segmentFiles()).containsExactly(segments.get(1), segments.get(2));
        assertThat(Files.size(StoreTestSupport.segmentFile(dir, segments.get(1)))).isEqualTo(secondSize);
        assertThat(Files.size(StoreTestSupport.segmentFile(dir, segments.get(2)))).isZero();
        for (StoredMessage m : storage.messages().list(inbox.id(), UidRange.ALL, 0)) {
            assertThat(text(storage.content().read(m.body()))).isEqualTo(body((int) m.uid() - 1));
        }
        assertThat(storage.messages().list(inbox.id(), UidRange.ALL, 0)).hasSize(newer.size());
    }

    @Test
    void aMostlyDeadSegmentIsLeftToDieWhileTheStoreHoldsLittleDeadSpace() throws Exception {
        open(); // 4 KiB segments: about five messages each
        Folder inbox = storage.folders().create(INBOX, 1);
        List<StoredMessage> all = appendMany(inbox, 200);
        long oldest = all.get(0).body().segment();
        List<Long> inOldest = all.stream().filter(m -> m.body().segment() == oldest && m.header().segment() == oldest)
            .map(StoredMessage::uid).toList();
        assertThat(inOldest).hasSizeGreaterThan(2);
        // the trim front: most of the oldest segment expunged, a few percent of the store
        storage.messages().expunge(inbox.id(), inOldest.subList(0, inOldest.size() - 1));
        List<Long> segmentsBefore = storage.segmentFiles();

        storage.compactSegments();

        assertThat(storage.segmentFiles()).containsExactlyElementsOf(segmentsBefore);

        // once the dead bytes pass a quarter of the live ones, the emptiest segments are compacted
        List<Long> half = all.stream().map(StoredMessage::uid).filter(uid -> uid % 2 == 0 && uid > 10).toList();
        storage.messages().expunge(inbox.id(), half);
        storage.compactSegments();
        assertThat(storage.segmentFiles()).doesNotContain(oldest);
    }

    @Test
    void segmentsThatAreMostlyLiveAreLeftAlone() throws Exception {
        open();
        Folder inbox = storage.folders().create(INBOX, 1);
        List<StoredMessage> all = appendMany(inbox, 30);
        storage.messages().expunge(inbox.id(), List.of(all.get(0).uid()));
        List<Long> segmentsBefore = storage.segmentFiles();

        storage.compactSegments();

        assertThat(storage.segmentFiles()).containsExactlyElementsOf(segmentsBefore);
    }

    @Test
    void bytesThatNoMetadataReferencesAreReclaimed() throws Exception {
        open();
        Folder inbox = storage.folders().create(INBOX, 1);
        storage.messages().append(inbox.id(), StoreTestSupport.chat(1));
        storage.close();
        storage = null;
        Path first = StoreTestSupport.segmentFile(dir, 1);
        byte[] orphan = "o".repeat(3000).getBytes(StandardCharsets.US_ASCII);
        try (FileChannel segment = FileChannel.open(first, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer frame = ByteBuffer.allocate(SegmentLog.FRAME + orphan.length).putInt(SegmentLog.MAGIC)
                .putInt(orphan.length).putInt(SegmentLog.crcOf(orphan)).put(orphan);
            frame.flip();
            segment.write(frame);
        }
        long withOrphan = Files.size(first);

        open();
        assertThat(Files.size(first)).isEqualTo(withOrphan);
        appendMany(inbox, 10);
        assertThat(storage.segmentFiles()).first().isEqualTo(1L);

        storage.compactSegments();

        assertThat(storage.segmentFiles()).doesNotContain(1L);
        List<StoredMessage> listed = storage.messages().list(inbox.id(), UidRange.ALL, 0);
        assertThat(listed).hasSize(11);
        assertThat(text(storage.content().read(listed.get(0).body()))).isEqualTo("hello 1\r\n");
    }
}
