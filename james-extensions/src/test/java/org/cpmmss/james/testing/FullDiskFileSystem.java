package org.cpmmss.james.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import org.cpmmss.james.plumbing.ForwardingFileChannel;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system prefix, {@code fulldisk:}, that behaves like a disk that is full while {@link #fill()} is in
 * force: every write and sync fails with the IOException the kernel's ENOSPC gives ("No space left on device");
 * reads still work. {@link #free()} gives the space back. Prepended to a database URL
 * ({@code jdbc:h2:fulldisk:async:/path}), it lets a test without root (no tmpfs to mount) drive H2 through the
 * same failure as bench/drills/full-disk.sh. One switch for the whole JVM: tests using it must not run in parallel.
 */
public final class FullDiskFileSystem extends FilePathWrapper {
    public static final String SCHEME = "fulldisk";
    private static volatile boolean full;
    private static volatile boolean registered;
    private static volatile boolean forcesFail;
    private static volatile String forcesFailOf;

    /** Registers the {@code fulldisk:} prefix with H2 (once per JVM) and starts with free space. */
    public static synchronized void install() {
        if (!registered) {
            FilePath.register(new FullDiskFileSystem());
            registered = true;
        }
        full = false;
    }

    /** From now on every write fails as on a full disk. */
    public static void fill() {
        full = true;
    }

    /**
     * From now on writes succeed but every force fails ("Input/output error", as fsync answers after a write-back
     * error): what was written may or may not be on the disk, and nothing may be acknowledged.
     */
    public static void failForces() {
        forcesFail = true;
    }

    /**
     * As {@link #failForces()}, for the files whose name ends with {@code fileNameEnd} only (the others force as
     * usual): a write-back error on one file.
     */
    public static void failForcesOf(String fileNameEnd) {
        forcesFailOf = fileNameEnd;
    }

    /** Space is back (and forces work again). */
    public static void free() {
        full = false;
        forcesFail = false;
        forcesFailOf = null;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new FullDiskChannel(getBase().open(mode), name);
    }

    private static void checkSpace() throws IOException {
        if (full) {
            throw new IOException("No space left on device");
        }
    }

    private static final class FullDiskChannel extends ForwardingFileChannel {
        private final String file;

        FullDiskChannel(FileChannel base, String file) {
            super(base);
            this.file = file;
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            checkSpace();
            return super.write(source, position);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            checkSpace();
            String failing = forcesFailOf;
            if (forcesFail || failing != null && file.endsWith(failing)) {
                throw new IOException("Input/output error");
            }
            super.force(metaData);
        }
    }
}
