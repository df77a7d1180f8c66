package org.cpmmss.james.plumbing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * What H2 wrote to one database file since the last force that acknowledged writers, so that it can be taken back
 * when a force fails.
 *
 * <p>A writer told that its write failed (its force failed) may resend, so nothing of that write may be found
 * later. But H2 writes a chunk to the file before it is forced (the group commit's own chunk, its background
 * writer's), and a database opened again on that file reads the unforced chunk back: the failed write is there
 * after all, and a resend stores it twice (MetadataForceFailureTest). Here every write to the file is recorded
 * ({@link ReopenableFileSystem} calls {@link #beforeWrite}) until a force of the file completes ({@link #forcedUpTo}:
 * the group commit's force, or one of H2's own, which it may rely on before it cuts the file's end or moves a chunk);
 * after a failed force, with the database shut down without writing, {@link #takeBack} fills what was written since
 * with zeros — the chunks written since, as if they had never reached the file — and puts back the file header (its
 * first {@value #HEADER_BYTES} bytes, H2's two copies of the store header) as it was at that force, then forces. H2
 * then opens the file on its last forced chunk, as after a crash that lost the unforced writes. The space zeroed
 * holds nothing that chunk needs: H2 writes over the space of a dead chunk only once the chunk that killed it is
 * forced ({@link ChunkReuseGuard}), and it cuts off only the unused end of the file.</p>
 *
 * <p>Left: a commit that reached a chunk forced by one force while its writer's ticket was taken after that force
 * began waits for the next force; if that one fails, the writer is told its write failed although it is on the
 * disk (a window of the few instructions between a JDBC commit and its ticket). The cpm state databases
 * ({@link StateDatabasePool}) do not take writes back yet: their pools open connections on demand, so nothing keeps
 * a connection from opening the file between the failed force and the taking back.</p>
 */
public final class UnforcedWrites {
    /** H2's store header: two copies of one 4 KiB block at the start of the file. */
    static final int HEADER_BYTES = 2 * 4096;

    private record Write(long sequence, long position, int length) {
    }

    private final List<Write> writes = new ArrayList<>();
    private long sequence;
    private byte[] header;
    private long headerSequence;
    private boolean pending;

    /** Records a write about to go to the file through {@code file} (read first when it touches the header). */
    public synchronized void beforeWrite(long position, int length, FileChannel file) throws IOException {
        sequence++;
        if (position < HEADER_BYTES && header == null) {
            header = readHeader(file);
            headerSequence = sequence;
        }
        writes.add(new Write(sequence, position, length));
    }

    /** The writes so far: taken before a force, given to {@link #forcedUpTo} once it completed. */
    public synchronized long mark() {
        return sequence;
    }

    /** A force that started after {@code mark} completed: the writes up to it are on the disk and stay. */
    public synchronized void forcedUpTo(long mark) {
        writes.removeIf(write -> write.sequence() <= mark);
        if (header != null && headerSequence <= mark) {
            header = null;
        }
        if (writes.isEmpty()) {
            pending = false;
        }
    }

    /** A force failed: what was written since the last acknowledged force must be taken back before the file is read. */
    public synchronized void forceFailed() {
        pending = !writes.isEmpty() || header != null;
    }

    /** Whether writes are waiting to be taken back (a force failed and {@link #takeBack} has not succeeded yet). */
    public synchronized boolean pending() {
        return pending;
    }

    /**
     * Takes back every write since the last acknowledged force (zeros over them, the header as it was), forced
     * through {@code file} before it returns. Call only while nothing else has the file open for writing.
     *
     * @throws IOException when a write or the force fails: the writes stay recorded, to be taken back again
     */
    public synchronized void takeBack(FileChannel file) throws IOException {
        long size = file.size();
        for (Write write : writes) {
            long from = Math.max(write.position(), header == null ? 0 : HEADER_BYTES);
            long to = Math.min(write.position() + write.length(), size);
            if (from < to) {
                zero(file, from, to);
            }
        }
        if (header != null) {
            writeFully(file, ByteBuffer.wrap(header), 0);
        }
        file.force(true);
        writes.clear();
        header = null;
        pending = false;
    }

    private static byte[] readHeader(FileChannel file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(HEADER_BYTES, file.size()));
        long at = 0;
        while (buffer.hasRemaining()) {
            int n = file.read(buffer, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }

    private static void zero(FileChannel file, long from, long to) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(64 * 1024, to - from));
        for (long at = from; at < to; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), to - at));
            at += writeFully(file, zeros, at);
        }
    }

    private static int writeFully(FileChannel file, ByteBuffer buffer, long position) throws IOException {
        int written = 0;
        while (buffer.hasRemaining()) {
            written += file.write(buffer, position + written);
        }
        return written;
    }
}
