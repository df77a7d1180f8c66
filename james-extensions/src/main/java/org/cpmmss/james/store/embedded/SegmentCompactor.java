package org.cpmmss.james.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.cpmmss.james.store.api.BlobAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online segment compaction: the live blobs of a sealed segment whose live share fell below a threshold are copied
 * to the active segment in batches; each batch is forced, then its blob rows are repointed in one forced commit; once
 * no row points into the old segment it is deleted. A crash at any step leaves every live blob readable: before the
 * repoint commit the old copy is the one referenced, after it the forced new copy; copies whose commit was lost are
 * unreferenced bytes of their segment, reclaimed by a later compaction of that segment. An active segment that is
 * mostly dead (and not tiny) is sealed, so that it can be compacted too; so is one that has grown to a
 * {@value #SEGMENTS_PER_STORE}th of the store's live bytes (at least {@code minSealBytes}): a small store is then a
 * few segments rather than one, and where messages are expunged in the order they came (a conversation trimmed to its
 * newest messages) whole segments die and are deleted without a byte copied, and a compaction moves a share of the
 * store, not all of it (one segment for everything made the soak's store copy its whole live content every minute,
 * and the blob rows' repointing swelled the metadata file by twice its size; docs/benchmarks.md "Twenty-first
 * session"). Appends go on during compaction: a batch holds the segment log's lock only per copied blob.
 */
final class SegmentCompactor {
    private static final Logger LOGGER = LoggerFactory.getLogger(SegmentCompactor.class);
    private static final int BATCH_BYTES = 1 << 20;
    private static final int BATCH_BLOBS = 500;
    /** The active segment is sealed once it holds this share of the store's live bytes (see above). */
    static final int SEGMENTS_PER_STORE = 16;

    /** Observes the steps of a compaction (tests stop a forked compactor at each of them). */
    @FunctionalInterface
    interface Steps {
        Steps NONE = step -> { };

        /** {@code copied}, {@code forced}, {@code committed} per batch, then {@code deleted} per segment. */
        void reached(String step);
    }

    /** What one pass did. */
    record Report(int segmentsCompacted, int blobsMoved, long bytesMoved) {
    }

    private record Live(long id, long pos, int length, Long tag) {
    }

    /** A segment on disk: its live bytes (blob rows) and its size. */
    private record Candidate(long segment, long live, long size) {
        long dead() {
            return Math.max(0, size - live);
        }
    }

    private final Transactor transactor;
    private final SegmentLog segments;
    private final DeadSegments deadSegments;
    private final int minLivePercent;
    private final long minSealBytes;
    private final Steps steps;
    private volatile boolean stopping;
    /** Dead segment bytes allowed beside the live ones before a compaction copies any (percent of the live bytes). */
    static final int DEAD_SHARE_PERCENT = 25;

    SegmentCompactor(Transactor transactor, SegmentLog segments, DeadSegments deadSegments, int minLivePercent,
                     long minSealBytes, Steps steps) {
        this.transactor = transactor;
        this.segments = segments;
        this.deadSegments = deadSegments;
        this.minLivePercent = minLivePercent;
        this.minSealBytes = minSealBytes;
        this.steps = steps;
    }

    /** Makes a pass in progress end after its current batch (the store is closing). */
    void stop() {
        stopping = true;
    }

    /**
     * Seals the active segment if it is mostly dead or has grown to its share of the store; then, when the segments
     * hold more dead bytes than {@value #DEAD_SHARE_PERCENT} % of the live ones, compacts segments whose live share is
     * below the threshold, emptiest first, until they do not. A store trimmed oldest first (a conversation kept to its
     * newest messages) kills its oldest segments whole: copying their last live blobs while they die, as every segment
     * below the threshold was copied before, moved each message several times before its expunge (in the
     * twenty-second session's 30-minute soak, a segment's 700 blobs every 10 s, each pass repointing 700 blob rows in
     * the metadata file, which swelled from 3 to 8.6 MB).
     */
    Report compactOnce() {
        Map<Long, Long> live = liveBytesBySegment();
        long active = segments.activeSegment();
        long activeSize = segments.sizeOf(active);
        long storeLive = live.values().stream().mapToLong(Long::longValue).sum();
        if (activeSize >= minSealBytes && (mostlyDead(live.getOrDefault(active, 0L), activeSize)
            || activeSize >= storeLive / SEGMENTS_PER_STORE)) {
            segments.seal();
        }
        long dead = 0;
        List<Candidate> candidates = new ArrayList<>();
        for (long segment : segments.segmentsOnDisk()) {
            Candidate candidate = new Candidate(segment, live.getOrDefault(segment, 0L), segments.sizeOf(segment));
            dead += candidate.dead();
            if (segment < segments.activeSegment() && mostlyDead(candidate.live(), candidate.size())) {
                candidates.add(candidate);
            }
        }
        // emptiest first: the most space for the fewest bytes copied
        candidates.sort((a, b) -> Long.compare(a.live() * b.size(), b.live() * a.size()));
        int compacted = 0;
        int moved = 0;
        long bytes = 0;
        for (Candidate candidate : candidates) {
            if (stopping || dead * 100 <= storeLive * DEAD_SHARE_PERCENT) {
                break;
            }
            long[] done = compact(candidate.segment());
            compacted++;
            moved += (int) done[0];
            bytes += done[1];
            dead -= candidate.dead();
        }
        if (compacted > 0) {
            LOGGER.info("Message store compaction: {} segment(s), {} live blob(s) moved ({} bytes)", compacted, moved,
                bytes);
        }
        return new Report(compacted, moved, bytes);
    }

    private boolean mostlyDead(long liveBytes, long size) {
        return size > 0 && liveBytes * 100 < size * (long) minLivePercent;
    }

    private Map<Long, Long> liveBytesBySegment() {
        return transactor.read(tx -> {
            Map<Long, Long> live = new TreeMap<>();
            try (PreparedStatement q = tx.connection().prepareStatement(
                "SELECT segment, SUM(length) + COUNT(*) * " + SegmentLog.FRAME + " FROM blob GROUP BY segment");
                 ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    live.put(rs.getLong(1), rs.getLong(2));
                }
            }
            return live;
        });
    }

    /** Moves the live blobs out of a sealed segment and deletes it; returns {blobs moved, bytes moved}. */
    private long[] compact(long segment) {
        long moved = 0;
        long bytes = 0;
        long after = -1;
        while (!stopping) {
            List<Live> batch = nextBatch(segment, after);
            if (batch.isEmpty()) {
                break;
            }
            after = batch.get(batch.size() - 1).pos();
            List<BlobAddress> copies = new ArrayList<>();
            List<Live> copied = new ArrayList<>();
            try {
                for (Live blob : batch) {
                    byte[] payload = readIfStillThere(segment, blob);
                    if (payload != null) {
                        copies.add(segments.appendPinned(payload));
                        copied.add(blob);
                        bytes += payload.length;
                    }
                }
                steps.reached("copied");
                segments.sync();
                steps.reached("forced");
                moved += repoint(segment, copied, copies);
                steps.reached("committed");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot force compacted blobs", e);
            } finally {
                copies.forEach(c -> segments.unpin(c.segment()));
            }
        }
        if (deadSegments.deleteIfDead(segment)) {
            steps.reached("deleted");
        }
        return new long[] {moved, bytes};
    }

    private List<Live> nextBatch(long segment, long afterPos) {
        return transactor.read(tx -> {
            List<Live> batch = new ArrayList<>();
            try (PreparedStatement q = tx.connection().prepareStatement("SELECT id, pos, length, tag FROM blob"
                + " WHERE segment = ? AND pos > ? ORDER BY pos LIMIT " + BATCH_BLOBS)) {
                q.setLong(1, segment);
                q.setLong(2, afterPos);
                long total = 0;
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next() && total < BATCH_BYTES) {
                        batch.add(new Live(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getObject(4, Long.class)));
                        total += rs.getInt(3);
                    }
                }
            }
            return batch;
        });
    }

    /** The blob's bytes, checked against its tag (its SHA-256's first eight bytes); null if it was freed (and its segment deleted) meanwhile. */
    private byte[] readIfStillThere(long segment, Live blob) {
        byte[] payload;
        try {
            payload = segments.read(new BlobAddress(blob.id(), segment, blob.pos(), blob.length()));
        } catch (RuntimeException gone) {
            if (!segments.exists(segment)) {
                return null;
            }
            throw gone;
        }
        if (blob.tag() != null && BlobDigest.of(payload).tag() != blob.tag()) {
            throw new IllegalStateException("blob " + blob.id() + " in segment " + segment + " does not match its"
                + " tag; segment left as it is");
        }
        return payload;
    }

    private int repoint(long segment, List<Live> copied, List<BlobAddress> copies) {
        if (copied.isEmpty()) {
            return 0;
        }
        return transactor.write(tx -> {
            int n = 0;
            try (PreparedStatement up = tx.connection().prepareStatement(
                "UPDATE blob SET segment = ?, pos = ? WHERE id = ? AND segment = ? AND pos = ?")) {
                for (int i = 0; i < copied.size(); i++) {
                    up.setLong(1, copies.get(i).segment());
                    up.setLong(2, copies.get(i).offset());
                    up.setLong(3, copied.get(i).id());
                    up.setLong(4, segment);
                    up.setLong(5, copied.get(i).pos());
                    n += up.executeUpdate();
                }
            }
            return n;
        });
    }
}
