package org.cpmmss.james.store.embedded;

import org.cpmmss.james.plumbing.ForceAlongside;
import org.cpmmss.james.plumbing.Syncable;

import java.io.IOException;

/**
 * The force of one group commit of the embedded store: the active segment's {@code fdatasync} runs on its own thread
 * while the leader writes the metadata chunk of the group; the database file is forced once the segment force has
 * succeeded ({@link MetadataDatabase#forceFileAfter}), and the group returns only when both are done. Before the
 * twenty-seventh session the two ran one after the other (segment force, chunk write, file force).
 *
 * <p>What this gives up: the chunk may reach the disk (page cache written back) before the segment bytes it refers
 * to are durable. A crash then leaves metadata pointing past the segment's forced end, which {@link StartupRecovery}
 * removes as unacknowledged — the case H2's own background writer could already produce. A segment force that fails
 * fails the sync before the file is forced, so the group's writers are told their writes failed and
 * {@code dropUnforced} takes the chunk back, as after a failed file force.</p>
 */
final class SegmentForceAlongsideChunk implements Syncable {
    private final ForceAlongside segmentForce;
    private final Syncable database;

    /**
     * {@code segmentForce} forces the segment log; {@code database} is the metadata database's sync (possibly
     * wrapped by a probe), which waits for {@code segmentForce} between its chunk write and its file force.
     */
    SegmentForceAlongsideChunk(ForceAlongside segmentForce, Syncable database) {
        this.segmentForce = segmentForce;
        this.database = database;
    }

    @Override
    public void sync() throws IOException {
        segmentForce.start();
        boolean synced = false;
        try {
            database.sync();
            synced = true;
        } finally {
            if (!synced) {
                // the database's sync failed, perhaps before it waited: the segment force is still waited for, so
                // that the next group starts its own only after this one ended
                segmentForce.awaitQuietly();
            }
        }
        // nothing left to wait for when the database's sync waited (as it does); else its outcome is taken here
        segmentForce.awaitStartedHere();
    }
}
