package org.cpmmss.james.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings metadata and bytes back in line at start, after {@link SegmentLog#open} cut a torn tail off the last
 * segment: messages whose bytes were in the cut tail were never acknowledged (an acknowledgement follows a force of
 * the segment), so they are removed; the folders' UID and MODSEQ counters are left as they are, so those UIDs are
 * never handed out again. Sealed segments left without any live blob (a crash between a release and the file's
 * deletion) are deleted.
 */
final class StartupRecovery {
    private static final Logger LOGGER = LoggerFactory.getLogger(StartupRecovery.class);

    /** What recovery did. */
    record Report(int lostBlobs, int lostMessages, int deletedSegments) {
    }

    private StartupRecovery() {
    }

    static Report run(Transactor transactor, SegmentLog segments, BlobCatalog blobs) {
        long active = segments.activeSegment();
        long valid = segments.recoveredLength();
        Report report = transactor.write(tx -> {
            Connection c = tx.connection();
            List<Long> lost = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(
                "SELECT id FROM blob WHERE (segment = ? AND pos + length > ?) OR segment > ?")) {
                q.setLong(1, active);
                q.setLong(2, valid);
                q.setLong(3, active);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        lost.add(rs.getLong(1));
                    }
                }
            }
            int messages = lost.isEmpty() ? 0 : dropMessagesUsing(tx, c, blobs, new HashSet<>(lost));
            try (PreparedStatement del = c.prepareStatement("DELETE FROM blob WHERE id = ?")) {
                for (long blobId : lost) {
                    del.setLong(1, blobId);
                    del.executeUpdate();
                }
            }
            return new Report(lost.size(), messages, 0);
        });
        int deleted = 0;
        for (long segment : segments.segmentsOnDisk()) {
            if (segment < active && transactor.read(tx -> BlobCatalog.isEmpty(tx.connection(), segment))
                && segments.deleteIfSealed(segment)) {
                deleted++;
            }
        }
        Report done = new Report(report.lostBlobs(), report.lostMessages(), deleted);
        if (done.lostBlobs() > 0 || done.deletedSegments() > 0) {
            LOGGER.warn("Message store recovery: {} unacknowledged message(s) with a torn tail removed ({} blobs),"
                + " {} empty segment(s) deleted", done.lostMessages(), done.lostBlobs(), done.deletedSegments());
        }
        return done;
    }

    /**
     * Removes the messages whose header or body is one of {@code lostBlobs}, releasing their other blob. One pass
     * over the message rows (no index on a message's blobs: it would cost every append two index writes, for this
     * pass that runs only after a torn tail).
     */
    private static int dropMessagesUsing(Transactor.Tx tx, Connection c, BlobCatalog blobs, Set<Long> lostBlobs)
        throws SQLException {
        List<long[]> rows = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT folder_id, uid, header_blob, body_blob FROM message");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                if (lostBlobs.contains(rs.getLong(3)) || lostBlobs.contains(rs.getLong(4))) {
                    rows.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                }
            }
        }
        for (long[] row : rows) {
            MessageRows.delete(c, row[0], row[1]);
            for (long blobId : new long[] {row[2], row[3]}) {
                if (!lostBlobs.contains(blobId)) {
                    blobs.release(tx, blobId);
                }
            }
        }
        return rows.size();
    }
}
