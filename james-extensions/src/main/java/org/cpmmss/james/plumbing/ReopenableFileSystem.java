package org.cpmmss.james.plumbing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
 *
 * <p>It also counts the writes to each file ({@link #writes}), which tells a state database whether a force is due,
 * and, for a file that asked for it ({@link #trackUnforced}), records the writes not forced yet, so that they can be
 * taken back after a failed force ({@link UnforcedWrites}).</p>
 */
public final class ReopenableFileSystem extends FilePathWrapper {
    public static final String SCHEME = "reopenable";
    private static final Map<String, LockingChannel> LOCK_HOLDERS = new HashMap<>();
    private static final Map<String, AtomicLong> WRITES = new ConcurrentHashMap<>();
    private static final Map<String, UnforcedWrites> TRACKED = new ConcurrentHashMap<>();
    private static boolean registered;

    /** Registers the prefix with H2 (once per process); call before opening a database whose URL uses it. */
    public static synchronized void install() {
        if (!registered) {
            FilePath.register(new ReopenableFileSystem());
            registered = true;
        }
    }

    /**
     * How many writes went to {@code file} through this prefix in this process so far (never decreases): the cpm
     * state databases force their file only when this moved since their last force ({@link ForcedStateFile}).
     */
    public static long writes(Path file) {
        AtomicLong count = WRITES.get(realPath(file));
        return count == null ? 0 : count.get();
    }

    /**
     * From now on the writes to {@code file} through this prefix are recorded until forced ({@link UnforcedWrites}),
     * so that they can be taken back after a failed force. The same record for every call on one file.
     */
    public static UnforcedWrites trackUnforced(Path file) {
        return TRACKED.computeIfAbsent(realPath(file), f -> new UnforcedWrites());
    }

    private static String realPath(Path file) {
        try {
            return file.toRealPath().toString();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize().toString();
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
        private final AtomicLong writes;
        private final String key;

        LockingChannel(String file, FileChannel base) {
            super(base);
            this.file = file;
            // the key is the operating system's path, without the file-system prefixes below this one (async:)
            this.key = file.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*:)+(?=/)", "");
            this.writes = WRITES.computeIfAbsent(key, f -> new AtomicLong());
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            UnforcedWrites unforced = TRACKED.get(key);
            if (unforced != null) {
                unforced.beforeWrite(position, source.remaining(), this);
            }
            int written = super.write(source, position);
            writes.incrementAndGet();
            return written;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            UnforcedWrites unforced = TRACKED.get(key);
            long mark = unforced == null ? 0 : unforced.mark();
            super.force(metaData);
            if (unforced != null) {
                // H2's own forces (before it cuts the file's end, between the steps of a chunk move) count too: what
                // a force covered may be relied on by what H2 writes next
                unforced.forcedUpTo(mark);
            }
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
