package org.cpmmss.james.plumbing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.UnaryOperator;

import org.cpmmss.james.plumbing.GroupCommit;
import org.cpmmss.james.plumbing.Syncable;

/**
 * The forced-write rule for one cpm state database file ({@code DATA/h2/cpm*.mv.db}): the same rule as the message
 * store's (docs/store.md). H2 with {@code WRITE_DELAY=0} has written a commit's chunk when {@code commit()} returns,
 * without forcing it; {@link #afterUse()}, called when a connection is given back, returns only once a force of the
 * file that began after the last write this process made to it has completed. Writers share forces through a
 * {@link GroupCommit}, and a connection that wrote nothing since the last force (a read) forces nothing.
 */
final class ForcedStateFile implements Syncable {
    private final Path file;
    private final GroupCommit groupCommit;
    private volatile long coveredWrites;
    private FileChannel channel;

    ForcedStateFile(Path file, UnaryOperator<Syncable> probe) {
        this.file = file;
        this.groupCommit = new GroupCommit(List.of(probe.apply(this)));
    }

    /** The file's write count when a connection is handed out (what {@link #afterUse} compares with). */
    long beforeUse() {
        return ReopenableFileSystem.writes(file);
    }

    /**
     * Called when a connection handed out at {@code writesBefore} is given back: when the file was written meanwhile
     * (a commit of this connection, perhaps of others), returns once a force covering those writes has completed.
     * A connection during which nothing reached the file (a read) returns at once.
     */
    void afterUse(long writesBefore) {
        long writes = ReopenableFileSystem.writes(file);
        if (writes > writesBefore && writes > coveredWrites) {
            groupCommit.commit();
        }
    }

    /** Forces the file (fdatasync); run by the group commit, one force at a time. */
    @Override
    public void sync() throws IOException {
        long writes = ReopenableFileSystem.writes(file);
        FileChannel forcer = channel();
        if (forcer != null) {
            forcer.force(false);
        }
        coveredWrites = Math.max(coveredWrites, writes);
    }

    long unforcedWrites() {
        return Math.max(0, ReopenableFileSystem.writes(file) - coveredWrites);
    }

    /** The group commit of this file (forces counted, for tests). */
    GroupCommit groupCommit() {
        return groupCommit;
    }

    Path file() {
        return file;
    }

    private synchronized FileChannel channel() throws IOException {
        if (channel == null && Files.exists(file)) {
            // a force applies to the file whichever descriptor wrote it
            channel = FileChannel.open(file, StandardOpenOption.READ);
        }
        return channel;
    }

    synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to force
            }
            channel = null;
        }
    }
}
