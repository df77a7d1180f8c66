package org.cpmmss.james.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import org.cpmmss.james.store.api.BlobAddress;
import org.cpmmss.james.store.embedded.Transactor.Tx;

/**
 * Single-instance bytes: the owners of one submission (the RCPTs of an LMTP/SMTP transaction, the owners of an HTTP or
 * SIP object, a deferred release) are appended one after the other, and each append of bytes seen a moment ago
 * ({@link RecentBlobs}, by SHA-256) references the blob written by the first instead of writing it again; the
 * messages referencing a blob are counted. Releasing the last reference deletes the blob row; once a sealed segment
 * holds no blob, its file is deleted after the release is durable ({@link DeadSegments}). A segment written by a
 * transaction is pinned until the transaction ends, so that it is never deleted under a blob row not yet committed.
 * Bytes stored long before (beyond the recent window) are written again: no index of every blob's digest is kept.
 */
public final class BlobCatalog {
    // the row update locks the blob against a concurrent release until commit (H2 parses a SELECT ... FOR UPDATE
    // again at every execution; this statement stays in its statement cache); the tag rules out a row that is not
    // the remembered one's any more
    private static final String REFERENCE = "SELECT id, segment, pos, length FROM FINAL TABLE"
        + " (UPDATE blob SET refs = refs + 1 WHERE id = ? AND tag = ?)";
    private final SegmentLog segments;
    private final AtomicLong freedBytes = new AtomicLong();
    private final DeadSegments deadSegments;
    private final RecentBlobs recent = new RecentBlobs(RecentBlobs.CAPACITY);

    BlobCatalog(SegmentLog segments, DeadSegments deadSegments) {
        this.segments = segments;
        this.deadSegments = deadSegments;
    }

    /** Bytes of blobs freed since the last call (compaction looks at the segments only when some were). */
    long takeFreedBytes() {
        return freedBytes.getAndSet(0);
    }

    /** Stores bytes (or references the identical bytes stored a moment ago); returns their address. */
    public BlobAddress store(Tx tx, byte[] bytes) throws SQLException {
        BlobDigest digest = BlobDigest.of(bytes);
        Connection c = tx.connection();
        Long seen = recent.find(digest);
        if (seen != null) {
            try (PreparedStatement reference = c.prepareStatement(REFERENCE)) {
                reference.setLong(1, seen);
                reference.setLong(2, digest.tag());
                try (ResultSet rs = reference.executeQuery()) {
                    if (rs.next()) {
                        return new BlobAddress(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4));
                    }
                }
            }
            recent.forget(digest, seen); // freed since
        }
        BlobAddress written = segments.appendPinned(bytes);
        tx.atEnd(() -> segments.unpin(written.segment()));
        try (PreparedStatement insert = c.prepareStatement(
            "INSERT INTO blob(segment, pos, length, refs, tag) VALUES (?, ?, ?, 1, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, written.segment());
            insert.setLong(2, written.offset());
            insert.setInt(3, written.length());
            insert.setLong(4, digest.tag());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                long id = keys.getLong(1);
                // another append may reference the row once it is committed, not before
                tx.afterCommit(() -> recent.remember(digest, id));
                return new BlobAddress(id, written.segment(), written.offset(), written.length());
            }
        }
    }

    /**
     * One more reference for each entry of {@code blobIds} (sorted, so that two writers lock the rows alike; a blob
     * listed twice gets two): one statement per distinct blob, prepared once (a COPY of 100 messages prepared 200).
     */
    public void addReferences(Tx tx, long[] blobIds) throws SQLException {
        try (PreparedStatement up = tx.connection().prepareStatement("UPDATE blob SET refs = refs + ? WHERE id = ?")) {
            for (int i = 0; i < blobIds.length; ) {
                int next = i + 1;
                while (next < blobIds.length && blobIds[next] == blobIds[i]) {
                    next++;
                }
                up.setInt(1, next - i);
                up.setLong(2, blobIds[i]);
                up.executeUpdate();
                i = next;
            }
        }
    }

    /** Drops one reference; the last one frees the blob (and, once durable, an emptied sealed segment). */
    public void release(Tx tx, long blobId) throws SQLException {
        Connection c = tx.connection();
        try (PreparedStatement up = c.prepareStatement("UPDATE blob SET refs = refs - 1 WHERE id = ?")) {
            up.setLong(1, blobId);
            up.executeUpdate();
        }
        long segment;
        int length;
        try (PreparedStatement q = c.prepareStatement("SELECT refs, segment, length FROM blob WHERE id = ?")) {
            q.setLong(1, blobId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next() || rs.getInt(1) > 0) {
                    return;
                }
                segment = rs.getLong(2);
                length = rs.getInt(3);
            }
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM blob WHERE id = ?")) {
            del.setLong(1, blobId);
            del.executeUpdate();
        }
        tx.afterDurable(() -> freedBytes.addAndGet(SegmentLog.FRAME + length));
        if (segment < segments.activeSegment() && isEmpty(c, segment)) {
            tx.afterDurable(() -> deadSegments.deleteIfDead(segment));
        }
    }

    static boolean isEmpty(Connection c, long segment) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM blob WHERE segment = ? LIMIT 1")) {
            q.setLong(1, segment);
            try (ResultSet rs = q.executeQuery()) {
                return !rs.next();
            }
        }
    }

    /** Where a blob is now (compaction moves blobs), or null once it is freed. */
    static BlobAddress locate(Connection c, long blobId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT segment, pos, length FROM blob WHERE id = ?")) {
            q.setLong(1, blobId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? new BlobAddress(blobId, rs.getLong(1), rs.getLong(2), rs.getInt(3)) : null;
            }
        }
    }

    /** References currently counted for a blob (0 when it is freed); for tests and admin tools. */
    public int references(Tx tx, long blobId) throws SQLException {
        try (PreparedStatement q = tx.connection().prepareStatement("SELECT refs FROM blob WHERE id = ?")) {
            q.setLong(1, blobId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }
}
