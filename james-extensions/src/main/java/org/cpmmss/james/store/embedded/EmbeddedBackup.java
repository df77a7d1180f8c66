package org.cpmmss.james.store.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.cpmmss.james.store.api.StoreException;

/**
 * A consistent copy of the embedded store taken while it serves and takes writes, without pausing them:
 * <ol>
 *   <li>segment deletions are held (a segment emptied meanwhile stays until the copy is done);</li>
 *   <li>the metadata database is copied with H2's online backup ({@link H2Snapshot}): the state of the last commit;</li>
 *   <li>the segment log's tail (active segment, length) is read <em>after</em> that snapshot: every blob a committed
 *       row references was appended before its commit, so it lies in a sealed segment or in the active one below that
 *       length;</li>
 *   <li>the segments up to the tail are copied (the active one up to that length, a whole frame boundary), forced.</li>
 * </ol>
 * Bytes appended for writes that had not committed at the snapshot may be in the copy: unreferenced, as after a crash.
 * The copy is a store directory that {@link EmbeddedStorage#open} opens as it is.
 */
final class EmbeddedBackup {
    private EmbeddedBackup() {
    }

    /** What a copy holds. */
    record Copied(long segmentFiles, long bytes) {
    }

    static Copied copy(MetadataDatabase database, SegmentLog segments, Path target) {
        segments.holdDeletions();
        try {
            Files.createDirectories(target.resolve("segments"));
            long bytes;
            Connection connection = database.borrow();
            try {
                bytes = H2Snapshot.copy(connection, target.resolve(database.file().getFileName()));
            } finally {
                database.giveBack(connection);
            }
            SegmentLog.Tail tail = segments.tail();
            long files = 0;
            for (long segment : segments.segmentsOnDisk()) {
                if (segment > tail.segment()) {
                    continue; // started after the snapshot: nothing committed refers to it
                }
                Path source = segments.file(segment);
                long length = segment == tail.segment() ? tail.length() : Files.size(source);
                bytes += H2Snapshot.copyPrefix(source, target.resolve("segments").resolve(source.getFileName()), length);
                files++;
            }
            H2Snapshot.forceDirectory(target.resolve("segments"));
            H2Snapshot.forceDirectory(target);
            return new Copied(files, bytes);
        } catch (IOException | SQLException e) {
            throw new StoreException("backup of the native store to " + target + " failed", e);
        } finally {
            segments.releaseDeletions();
        }
    }
}
