package org.cpmmss.james.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

import org.h2.store.fs.FileBaseDefault;
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

    /** Space is back. */
    public static void free() {
        full = false;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new FullDiskChannel(getBase().open(mode));
    }

    private static void checkSpace() throws IOException {
        if (full) {
            throw new IOException("No space left on device");
        }
    }

    private static final class FullDiskChannel extends FileBaseDefault {
        private final FileChannel base;

        FullDiskChannel(FileChannel base) {
            this.base = base;
        }

        @Override
        public int read(ByteBuffer destination, long position) throws IOException {
            return base.read(destination, position);
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            checkSpace();
            return base.write(source, position);
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public void force(boolean metaData) throws IOException {
            checkSpace();
            base.force(metaData);
        }

        @Override
        protected void implTruncate(long size) throws IOException {
            base.truncate(size);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }
    }
}
