package org.cpmmss.james.plumbing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.UnaryOperator;

import org.h2.mvstore.MVStore;

/**
 * The forced-write rule for one cpm state database file ({@code DATA/h2/cpm*.mv.db}): the same rule as the message
 * store's (docs/store.md). H2 with {@code WRITE_DELAY=0} has written a commit's chunk when {@code commit()} returns,
 * without forcing it; {@link #afterUse()}, called when a connection is given back, returns only once a force of the
 * file that began after the last write this process made to it has completed. Writers share forces through a
 * {@link GroupCommit}, and a connection that wrote nothing since the last force (a read) forces nothing.
 *
 * <p>With group chunks (a database opened with a write delay, {@link StateDatabases#groupCommittedPool}) a commit
 * stays in H2's memory; the group's leader writes one chunk holding every transaction committed so far
 * ({@code MVStore.commit()}) and then forces the file, as the message store's metadata database does
 * (docs/store.md): concurrent writers then share the chunk as well as the force. A connection that executed a
 * write takes a ticket when it is given back, whatever H2's background writer has written meanwhile. Such a database
 * runs with {@code RETENTION_TIME=0}: a chunk killed by a newer one is written over only once a force has made the
 * newer one durable ({@link ChunkReuseGuard}).</p>
 */
final class ForcedStateFile implements Syncable {
    private final Path file;
    private final GroupCommit groupCommit;
    private final boolean groupChunks;
    private volatile long coveredWrites;
    private volatile MVStore chunks;
    private final ChunkReuseGuard reuse = new ChunkReuseGuard();
    private FileChannel channel;

    ForcedStateFile(Path file, UnaryOperator<Syncable> probe, boolean groupChunks) {
        this(file, probe, groupChunks, () -> { });
    }

    /**
     * {@code dropUnforced} runs after a failed force with group chunks: the database is shut down without writing, so
     * that the commits only memory held are not written by a later chunk (their writers were told they failed).
     */
    ForcedStateFile(Path file, UnaryOperator<Syncable> probe, boolean groupChunks, Runnable dropUnforced) {
        this.file = file;
        this.groupCommit = groupChunks ? new GroupCommit(List.of(probe.apply(this)), dropUnforced)
            : new GroupCommit(List.of(probe.apply(this)));
        this.groupChunks = groupChunks;
    }

    /** Whether commits stay in memory until the group's leader writes their chunk ({@link #sync}). */
    boolean groupChunks() {
        return groupChunks;
    }

    /** The H2 store the leader writes chunks of (set as connections are handed out: it changes after a re-open). */
    void useStore(MVStore store) {
        if (chunks != store) {
            chunks = store;
            reuse.opened(store);
        }
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

    /**
     * Group chunks: called when a connection that executed a write (handed out at {@code epoch}) is given back;
     * returns once a chunk holding its commit has been written and forced, and fails when its commit was dropped.
     */
    void afterWrite(long epoch) {
        long ticket = groupCommit.written();
        groupCommit.awaitForced(ticket);
        if (groupCommit.lost(epoch, ticket)) {
            throw new java.io.UncheckedIOException(new IOException(
                "the state database dropped this write with everything unforced after a failed force"));
        }
    }

    /** Group chunks: read when a connection is handed out, before anything it commits ({@link GroupCommit#lost}). */
    long epoch() {
        return groupCommit.epoch();
    }

    /** The database was found closed and opened again: what it held only in memory is gone. */
    void unforcedLost() {
        if (groupChunks) {
            groupCommit.unforcedLost();
        }
    }

    /** Forces the file (fdatasync), after writing the chunk of the group with group chunks; one at a time. */
    @Override
    public void sync() throws IOException {
        MVStore store = chunks;
        if (groupChunks && store != null) {
            // the chunks this one kills are written over only after its force (RETENTION_TIME=0, ChunkReuseGuard)
            reuse.writeAndForce(store, () -> {
                writeChunk(store);
                force();
            });
        } else {
            force();
        }
    }

    private void force() throws IOException {
        long writes = ReopenableFileSystem.writes(file);
        FileChannel forcer = channel();
        if (forcer != null) {
            forcer.force(false);
        }
        coveredWrites = Math.max(coveredWrites, writes);
    }

    private void writeChunk(MVStore store) throws IOException {
        try {
            store.commit();
        } catch (RuntimeException e) {
            // the chunk write failed (a full disk): H2 closes its store; the writers get a failure
            throw new IOException("writing the state database chunk failed", e);
        }
        if (store.isClosed()) {
            // a commit on a store H2 closed after a failed write returns quietly: nothing may be acknowledged
            throw new IOException("the state database was closed after a failed write");
        }
    }

    /** Writes not yet covered by a completed force; with group chunks, commits not yet in a chunk count as one. */
    long unforcedWrites() {
        MVStore store = chunks;
        long pending = groupChunks && store != null && !store.isClosed() && store.hasUnsavedChanges() ? 1 : 0;
        return pending + Math.max(0, ReopenableFileSystem.writes(file) - coveredWrites);
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

    /** Before the database closes: H2 expects no version in use then. */
    void releaseChunks() {
        MVStore store = chunks;
        if (store != null) {
            reuse.release(store);
        }
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
