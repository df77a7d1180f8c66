package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.cpmmss.james.store.api.BlobAddress;
import org.cpmmss.james.store.api.ContentReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A range FETCH's read-ahead over the real segment files: every blob reads back byte for byte as a direct read
 * gives it — blobs side by side, across segment boundaries, larger than the window, appended after the window was
 * read (never served as the zeros or the end of file the window saw), in a segment deleted meanwhile (the direct
 * reader follows it) — and blobs side by side, or a body shared by every message (single instance) between headers
 * side by side, take few reads.
 */
class ReadAheadContentTest {
    private final Path dir = StoreTestSupport.tempDir();
    private SegmentLog segments;

    @AfterEach
    void tearDown() {
        if (segments != null) {
            segments.close();
        }
        StoreTestSupport.delete(dir);
    }

    private static byte[] blob(int n, int size) {
        byte[] bytes = new byte[size];
        byte[] label = ("blob " + n + ";").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < size; i++) {
            bytes[i] = label[i % label.length];
        }
        return bytes;
    }

    @Test
    void readsEveryBlobAsADirectReadAcrossSegmentsAndSizes() {
        segments = SegmentLog.open(dir, 200_000);
        List<BlobAddress> addresses = new ArrayList<>();
        List<byte[]> written = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            int size = i % 97 == 0 ? 40_000 + i : i % 13 == 0 ? 0 : 200 + (i * 37) % 900;
            byte[] bytes = blob(i, size);
            written.add(bytes);
            addresses.add(segments.append(bytes));
        }
        assertThat(addresses.get(599).segment()).isGreaterThan(addresses.get(0).segment());
        AtomicInteger direct = new AtomicInteger();
        ContentReader reader = new ReadAheadContent(segments, address -> {
            direct.incrementAndGet();
            return segments.read(address);
        });

        for (int i = 0; i < addresses.size(); i++) {
            assertThat(reader.read(addresses.get(i))).as("blob %d", i).isEqualTo(written.get(i));
        }
        // only the empty blobs and those above half the window went to the direct reader
        assertThat(direct.get()).isEqualTo((int) addresses.stream()
            .filter(a -> a.length() == 0 || a.length() > ReadAheadContent.WINDOW / 2).count());
    }

    @Test
    void headersSideBySideAndOneSharedBodyTakeFewReads() {
        segments = SegmentLog.open(dir, 1 << 30);
        BlobAddress sharedBody = segments.append(blob(0, 900));
        for (int i = 0; i < 100; i++) {
            segments.append(blob(-i, 600)); // other conversations' bytes between the shared body and the headers
        }
        List<BlobAddress> headers = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            headers.add(segments.append(blob(i, 300)));
        }
        ReadAheadContent reader = new ReadAheadContent(segments, segments::read);

        for (int i = 0; i < headers.size(); i++) {
            assertThat(reader.read(headers.get(i))).isEqualTo(blob(i + 1, 300));
            assertThat(reader.read(sharedBody)).isEqualTo(blob(0, 900));
        }
        // 1,000 headers of 312 bytes with their frames: 5 windows of 64 KiB, a small first read, the shared body once
        assertThat(reader.reads()).isLessThanOrEqualTo(8);
    }

    @Test
    void blobsSideBySideTakeOneReadPerWindow() {
        segments = SegmentLog.open(dir, 1 << 30);
        List<BlobAddress> addresses = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            addresses.add(segments.append(blob(i, i % 2 == 0 ? 300 : 700)));
        }
        ReadAheadContent reader = new ReadAheadContent(segments, segments::read);

        for (int i = 0; i < addresses.size(); i++) {
            assertThat(reader.read(addresses.get(i))).isEqualTo(blob(i, i % 2 == 0 ? 300 : 700));
        }
        // about 512 KB with the frames: 8 windows of 64 KiB after a small first read
        assertThat(reader.reads()).isLessThanOrEqualTo(11);
    }

    @Test
    void aBlobAppendedAfterTheWindowWasReadIsReadFromTheFileNotFromTheWindow() {
        segments = SegmentLog.open(dir, 1 << 30);
        BlobAddress first = segments.append(blob(1, 300));
        ContentReader reader = new ReadAheadContent(segments, segments::read);
        assertThat(reader.read(first)).isEqualTo(blob(1, 300)); // the window ends at the end of the file

        BlobAddress later = segments.append(blob(2, 500));
        BlobAddress third = segments.append(blob(3, 700));

        assertThat(reader.read(later)).isEqualTo(blob(2, 500));
        assertThat(reader.read(third)).isEqualTo(blob(3, 700));
    }

    @Test
    void aSegmentGoneSinceItsAddressWasListedGoesToTheDirectReader() {
        segments = SegmentLog.open(dir, 4_000);
        BlobAddress old = segments.append(blob(1, 1_000));
        for (int i = 2; i < 10; i++) {
            segments.append(blob(i, 1_000));
        }
        assertThat(segments.deleteIfSealed(old.segment())).isTrue();
        List<BlobAddress> asked = new ArrayList<>();
        ContentReader reader = new ReadAheadContent(segments, address -> {
            asked.add(address);
            return blob(1, 1_000); // the direct reader follows a moved blob to its new address
        });

        assertThat(reader.read(old)).isEqualTo(blob(1, 1_000));
        assertThat(asked).containsExactly(old);
    }
}
