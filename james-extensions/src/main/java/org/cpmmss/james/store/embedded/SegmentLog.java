package org.cpmmss.james.store.embedded;

import org.cpmmss.james.plumbing.Syncable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.cpmmss.james.store.api.BlobAddress;
import org.cpmmss.james.store.api.StoreException;

/**
 * Message bytes in append-only segment files {@code NNNNNNNNNNNN.seg}. Each record is a 12-byte frame (magic,
 * payload length, CRC-32C of the payload) followed by the payload; a blob is addressed by (segment, payload offset,
 * length). Only the last segment is ever written; a segment is forced before the next one is started, so at start
 * only the last segment can end in a torn record, and {@link #open} cuts it off at the first bad frame.
 */
public final class SegmentLog implements Syncable, AutoCloseable {
    static final int MAGIC = 0x43504d53;
    static final int FRAME = 12;

    private final Path dir;
    private final StoreFiles files;
    private final long maxSegmentBytes;
    private final Map<Long, FileChannel> readers = new ConcurrentHashMap<>();
    private final Map<Long, Integer> pins = new ConcurrentHashMap<>();
    private final long recoveredLength;
    private final Set<Long> deletionsDeferred = new TreeSet<>();
    /** The segments whose files exist: those found at open, each one rolled to since, less those deleted. */
    private final Set<Long> present = ConcurrentHashMap.newKeySet();
    private int deletionPins;
    private volatile long activeSegment;
    private volatile FileChannel active;
    private long position;

    private SegmentLog(Path dir, StoreFiles files, long maxSegmentBytes, long segment, FileChannel channel,
                       long length) {
        this.dir = dir;
        this.files = files;
        this.maxSegmentBytes = maxSegmentBytes;
        this.activeSegment = segment;
        this.active = channel;
        this.position = length;
        this.recoveredLength = length;
        this.present.addAll(segmentsOnDisk());
        this.present.add(segment);
    }

    /** Opens the log in {@code dir}, cutting a torn tail off the last segment (forced before returning). */
    public static SegmentLog open(Path dir, long maxSegmentBytes) {
        return open(dir, maxSegmentBytes, StoreFiles.DISK);
    }

    /** As {@link #open(Path, long)}, the segments written through {@code files}. */
    public static SegmentLog open(Path dir, long maxSegmentBytes, StoreFiles files) {
        try {
            Files.createDirectories(dir);
            long last;
            try (Stream<Path> listed = Files.list(dir)) {
                last = listed.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".seg"))
                    .mapToLong(n -> Long.parseLong(n.substring(0, n.length() - 4))).max().orElse(0);
            }
            if (last == 0) {
                last = 1;
            }
            FileChannel channel = files.openWritable(fileOf(dir, last), false);
            long valid = validLength(channel);
            if (valid < channel.size()) {
                channel.truncate(valid);
            }
            channel.force(true);
            forceDirectory(dir);
            return new SegmentLog(dir, files, maxSegmentBytes, last, channel, valid);
        } catch (IOException e) {
            throw new StoreException("cannot open segment log " + dir, e);
        }
    }

    private static long validLength(FileChannel channel) throws IOException {
        long size = channel.size();
        long pos = 0;
        ByteBuffer frame = ByteBuffer.allocate(FRAME);
        while (pos + FRAME <= size) {
            frame.clear();
            readFully(channel, frame, pos);
            frame.flip();
            int magic = frame.getInt();
            int length = frame.getInt();
            int crc = frame.getInt();
            if (magic != MAGIC || length < 0 || pos + FRAME + length > size) {
                break;
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            readFully(channel, payload, pos + FRAME);
            if (crcOf(payload.array()) != crc) {
                break;
            }
            pos += FRAME + length;
        }
        return pos;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long pos) throws IOException {
        long at = pos;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of segment at " + at);
            }
            at += n;
        }
    }

    static int crcOf(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        return (int) crc.getValue();
    }

    private static Path fileOf(Path dir, long segment) {
        return dir.resolve(String.format("%012d.seg", segment));
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** The length of the last segment after the torn tail (if any) was cut at open. */
    public long recoveredLength() {
        return recoveredLength;
    }

    /** The segment appends currently go to. */
    public long activeSegment() {
        return activeSegment;
    }

    /** Writes one record (not forced: see {@link #sync}); the blob id of the address is 0. */
    public synchronized BlobAddress append(byte[] payload) {
        return write(payload);
    }

    /**
     * Writes one record and pins its segment until {@link #unpin}: a pinned segment is never deleted, so a sealed
     * segment holding bytes of a transaction still in flight (its blob row not yet visible) survives until that
     * transaction has committed or rolled back.
     */
    public synchronized BlobAddress appendPinned(byte[] payload) {
        BlobAddress address = write(payload);
        pins.merge(address.segment(), 1, Integer::sum);
        return address;
    }

    public void unpin(long segment) {
        pins.computeIfPresent(segment, (s, n) -> n > 1 ? n - 1 : null);
    }

    /** Whether a transaction in flight has written to the segment. */
    public boolean isPinned(long segment) {
        return pins.containsKey(segment);
    }

    /** Seals the active segment (forced) and starts the next one, so that compaction may take the sealed one. */
    public synchronized void seal() {
        try {
            roll();
        } catch (IOException e) {
            throw new StoreException("cannot seal segment " + activeSegment, e);
        }
    }

    /** The size in bytes of a segment file (0 if it is gone). */
    public long sizeOf(long segment) {
        try {
            return Files.exists(fileOf(dir, segment)) ? Files.size(fileOf(dir, segment)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private BlobAddress write(byte[] payload) {
        try {
            if (position > 0 && position + FRAME + payload.length > maxSegmentBytes) {
                roll();
            }
            ByteBuffer record = ByteBuffer.allocate(FRAME + payload.length);
            record.putInt(MAGIC).putInt(payload.length).putInt(crcOf(payload)).put(payload).flip();
            long at = position;
            while (record.hasRemaining()) {
                at += active.write(record, at);
            }
            BlobAddress address = new BlobAddress(0, activeSegment, position + FRAME, payload.length);
            position = at;
            return address;
        } catch (IOException e) {
            throw new StoreException("cannot write segment " + activeSegment, e);
        }
    }

    private void roll() throws IOException {
        active.force(true);
        long next = activeSegment + 1;
        FileChannel channel = files.openWritable(fileOf(dir, next), true);
        forceDirectory(dir);
        present.add(next);
        FileChannel old = active;
        active = channel;
        activeSegment = next;
        position = 0;
        old.close();
    }

    /** Forces the active segment (fdatasync); earlier segments were forced when they were closed. */
    @Override
    public void sync() throws IOException {
        try {
            active.force(false);
        } catch (java.nio.channels.ClosedChannelException rolled) {
            // the segment was rolled meanwhile: it was forced when it was closed; force the new one
            active.force(false);
        }
    }

    /**
     * Reads the segment's bytes from {@code position} into {@code into} until it is full or the segment's end;
     * returns how many bytes were read (what lies past the end is not read).
     */
    int readAt(long segment, long position, ByteBuffer into) throws IOException {
        FileChannel channel = reader(segment);
        int read = 0;
        while (into.hasRemaining()) {
            int n = channel.read(into, position + read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        return read;
    }

    public byte[] read(BlobAddress address) {
        byte[] bytes = new byte[address.length()];
        if (bytes.length == 0) {
            return bytes;
        }
        try {
            readFully(reader(address.segment()), ByteBuffer.wrap(bytes), address.offset());
            return bytes;
        } catch (IOException e) {
            throw new StoreException("cannot read " + address, e);
        }
    }

    private FileChannel reader(long segment) {
        return readers.computeIfAbsent(segment, s -> {
            try {
                return FileChannel.open(fileOf(dir, s), StandardOpenOption.READ);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Deletes a segment that holds no live blob any more (never the active one nor a pinned one; later while a backup copies). */
    public boolean deleteIfSealed(long segment) {
        if (segment >= activeSegment || isPinned(segment)) {
            return false;
        }
        synchronized (deletionsDeferred) {
            if (deletionPins > 0) {
                deletionsDeferred.add(segment);
                return false;
            }
        }
        try {
            present.remove(segment);
            FileChannel reader = readers.remove(segment);
            if (reader != null) {
                reader.close();
            }
            boolean deleted = Files.deleteIfExists(fileOf(dir, segment));
            forceDirectory(dir);
            return deleted;
        } catch (IOException e) {
            throw new StoreException("cannot delete segment " + segment, e);
        }
    }

    /** The end of what has been appended so far: the active segment and its length (a whole frame boundary). */
    public record Tail(long segment, long length) {
    }

    public synchronized Tail tail() {
        return new Tail(activeSegment, position);
    }

    /** The file of a segment. */
    public Path file(long segment) {
        return fileOf(dir, segment);
    }

    /**
     * Keeps every segment file until {@link #releaseDeletions()} (a backup copies them): deletions asked for
     * meanwhile are done at the release. Calls nest.
     */
    public void holdDeletions() {
        synchronized (deletionsDeferred) {
            deletionPins++;
        }
    }

    /** Ends a {@link #holdDeletions()}; the last one deletes the segments whose deletion was deferred. */
    public void releaseDeletions() {
        List<Long> due;
        synchronized (deletionsDeferred) {
            if (--deletionPins > 0) {
                return;
            }
            due = List.copyOf(deletionsDeferred);
            deletionsDeferred.clear();
        }
        for (long segment : due) {
            deleteIfSealed(segment);
        }
    }

    /** Numbers of the segment files present, ascending. */
    public java.util.List<Long> segmentsOnDisk() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".seg"))
                .map(n -> Long.parseLong(n.substring(0, n.length() - 4))).sorted().toList();
        } catch (IOException e) {
            throw new StoreException("cannot list segments in " + dir, e);
        }
    }

    public boolean exists(long segment) {
        return Files.exists(fileOf(dir, segment));
    }

    /**
     * Whether the segment's file is there, from memory (no file system call): an address into a segment not there
     * any more was learnt before a compaction moved its blob (the blob's row has its place now).
     */
    public boolean holds(long segment) {
        return present.contains(segment);
    }

    @Override
    public synchronized void close() {
        try {
            active.force(true);
            active.close();
            for (FileChannel reader : readers.values()) {
                reader.close();
            }
            readers.clear();
        } catch (IOException e) {
            throw new StoreException("cannot close segment log", e);
        }
    }
}
