package org.cpmmss.james.plumbing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.HashMap;
import java.util.Map;

import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * The H2 file-system prefix {@code reopenable:} (put before {@code async:} in a database URL): files as below it, except
 * that the file lock a database left behind in this process is taken over when the database is opened again.
 *
 * <p>Why: when a write fails on a full disk H2 closes the database, but its close may fail too, leaving the file open
 * and locked (seen in the full-disk drill, docs/benchmarks.md). The JVM then refuses every later lock on that file
 * ({@code OverlappingFileLockException}: "Database may be already in use") and the database cannot be re-opened
 * without a restart. H2 opens a database file once per process and locks it only when it opens it, so a lock still
 * held in this process by an earlier channel on the same file can only be that leftover: its channel is closed (which
 * releases the lock) and the new one locks the file. Another process is still kept out by the operating system's lock.</p>
 */
public final class ReopenableFileSystem extends FilePathWrapper {
    public static final String SCHEME = "reopenable";
    private static final Map<String, LockingChannel> LOCK_HOLDERS = new HashMap<>();
    private static boolean registered;

    /** Registers the prefix with H2 (once per process); call before opening a database whose URL uses it. */
    public static synchronized void install() {
        if (!registered) {
            FilePath.register(new ReopenableFileSystem());
            registered = true;
        }
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new LockingChannel(getBase().toRealPath().toString(), getBase().open(mode));
    }

    private static final class LockingChannel extends ForwardingFileChannel {
        private final String file;

        LockingChannel(String file, FileChannel base) {
            super(base);
            this.file = file;
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            synchronized (LOCK_HOLDERS) {
                LockingChannel leftover = LOCK_HOLDERS.get(file);
                if (leftover != null && leftover != this) {
                    leftover.close();
                }
                FileLock lock = super.tryLock(position, size, shared);
                if (lock != null) {
                    LOCK_HOLDERS.put(file, this);
                }
                return lock;
            }
        }

        @Override
        protected void implCloseChannel() throws IOException {
            synchronized (LOCK_HOLDERS) {
                LOCK_HOLDERS.remove(file, this);
            }
            super.implCloseChannel();
        }
    }
}
