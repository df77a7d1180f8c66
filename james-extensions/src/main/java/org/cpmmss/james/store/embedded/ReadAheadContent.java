package org.cpmmss.james.store.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.cpmmss.james.store.api.BlobAddress;
import org.cpmmss.james.store.api.ContentReader;

/**
 * The bytes of many messages read in UID order (a FETCH of headers or bodies over a range): the blobs of messages
 * stored one after the other lie one after the other in a segment, so one read of up to {@link #WINDOW} bytes from
 * a blob serves the next ones from memory — about one read per 50 chat objects instead of one or two per object (a
 * header pass over 10,000 messages made 10,000 reads, each a system call and a copy through a temporary direct
 * buffer).
 *
 * <p>Two windows, the one used least recently refilled on a miss: a message's body may be a single-instance blob
 * stored long before (the same bytes sent earlier), so the bodies of a folder can sit in one place while its headers
 * run on; one window follows each. A window is refilled with {@link #WINDOW} bytes only when its previous contents
 * served {@link #GROW_AFTER} reads or more, else with {@link #FIRST} bytes — a FETCH of one message, or blobs
 * scattered over the segments, costs about what direct reads do.
 *
 * <p>Segment bytes once written never change while the segment exists (segments are appended to and deleted
 * whole), so what a window holds is what a direct read would return; only a blob wholly inside what the read
 * returned is served from it (never past the file's end at that moment). A blob above half a window, or any failure
 * (a segment compacted away meanwhile: the direct reader follows the blob), goes to the direct reader. One thread,
 * one pass.
 */
final class ReadAheadContent implements ContentReader {
    static final int WINDOW = 64 * 1024;
    static final int FIRST = 4 * 1024;
    static final int GROW_AFTER = 2;

    private final SegmentLog segments;
    private final ContentReader direct;
    private final Window[] windows = {new Window(), new Window()};
    private long uses;
    private int reads;

    ReadAheadContent(SegmentLog segments, ContentReader direct) {
        this.segments = segments;
        this.direct = direct;
    }

    @Override
    public byte[] read(BlobAddress address) {
        int length = address.length();
        if (length == 0 || length > WINDOW / 2) {
            return direct.read(address);
        }
        for (Window window : windows) {
            if (window.holds(address)) {
                return window.serve(address, ++uses);
            }
        }
        Window oldest = windows[0].lastUse <= windows[1].lastUse ? windows[0] : windows[1];
        reads++;
        if (!oldest.fill(segments, address)) {
            return direct.read(address);
        }
        return oldest.serve(address, ++uses);
    }

    /** How many reads of the segment files the windows made so far. */
    int reads() {
        return reads;
    }

    private static final class Window {
        private byte[] bytes;
        private long segment = -1;
        private long start;
        private int filled;
        private int served;
        private long lastUse;

        boolean holds(BlobAddress address) {
            return address.segment() == segment && address.offset() >= start
                && address.offset() + address.length() <= start + filled;
        }

        byte[] serve(BlobAddress address, long use) {
            served++;
            lastUse = use;
            int from = (int) (address.offset() - start);
            return Arrays.copyOfRange(bytes, from, from + address.length());
        }

        /** Reads from the blob's first byte; false when the blob is not whole in what could be read. */
        boolean fill(SegmentLog segments, BlobAddress address) {
            int size = Math.min(WINDOW, Math.max(served >= GROW_AFTER ? WINDOW : FIRST, 2 * address.length()));
            if (bytes == null || bytes.length < size) {
                bytes = new byte[size == WINDOW ? WINDOW : Math.max(size, FIRST)];
            }
            segment = -1;
            served = 0;
            try {
                filled = segments.readAt(address.segment(), address.offset(), ByteBuffer.wrap(bytes, 0, size));
                segment = address.segment();
                start = address.offset();
            } catch (IOException | RuntimeException unreadable) {
                return false;
            }
            return holds(address);
        }
    }
}
