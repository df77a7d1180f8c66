package org.cpmmss.james.plumbing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One owner per directory: an exclusive lock on a {@code .lock} file in it, taken before anything in the directory is
 * read or repaired and held until {@link #close()} (or the process's end, however it ends: the lock is the operating
 * system's). The run command locks the data directory first thing ({@code cpm-mss.lock}), the message store its own
 * directory ({@code store.lock}, for the commands that open a store without the server). Without them a second
 * server started on a running one's data directory (an operator's slip) opened the segment log before H2's lock on
 * the metadata stopped it — and cut the live segment's tail at the first record it found incomplete, a record the
 * running server was writing and would acknowledge after its force — then hung, its spool broker waiting for the
 * running one's KahaDB lock. The file stays.
 */
public final class DirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} through its file {@code name}; {@code what} names the directory in the error when another
     * process holds it ({@link DirectoryInUseException}).
     */
    public static DirectoryLock take(Path dir, String name, String what) {
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                closeQuietly(channel);
                throw new DirectoryInUseException(what, dir, null);
            }
            return new DirectoryLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new DirectoryInUseException(what, dir, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("cannot lock " + what + " " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Another process (or another opening in this one) holds the directory. */
    public static final class DirectoryInUseException extends IllegalStateException {
        DirectoryInUseException(String what, Path dir, Exception cause) {
            super(what + " " + dir + " is already in use by another process (another cpm-mss on the same data"
                + " directory?): not opened", cause);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing held
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
