package org.cpmmss.james.plumbing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * The H2 file-system prefix {@code forced:} (first in a database URL, e.g. {@code jdbc:h2:forced:reopenable:async:...}):
 * every write to the file returns only after an {@code fdatasync} of the file that began after it.
 *
 * <p>For James's own database ({@code conf/james-database.properties}: users, domains, recipient rewrites, mail
 * repositories, ...), which cpm-mss reaches only through James's JPA repositories, so the state databases' rule
 * (force when a connection is given back, {@link StateDatabasePool}) has no place to hook in. With
 * {@code WRITE_DELAY=0} H2 writes a commit's chunk before the commit returns; with this prefix that write is also
 * forced before it returns, so a repository call that committed — and the answer after it (a WebAdmin 204, an SMTP
 * 250 of a mail stored in a repository) — follows a force of what it wrote. The database is low-volume (no message
 * of the native store goes there), so a force per write costs little; writers do not share forces.</p>
 */
public final class ForcedWritesFileSystem extends FilePathWrapper {
    public static final String SCHEME = "forced";
    private static final Map<String, AtomicLong> FORCES = new ConcurrentHashMap<>();
    private static boolean registered;

    /** Registers the prefix with H2 (once per process); call before opening a database whose URL uses it. */
    public static synchronized void install() {
        if (!registered) {
            FilePath.register(new ForcedWritesFileSystem());
            registered = true;
        }
    }

    /** Number of forces done after writes to {@code file} through this prefix in this process (for tests). */
    public static long forces(Path file) {
        AtomicLong count = FORCES.get(file.toAbsolutePath().normalize().toString());
        return count == null ? 0 : count.get();
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        // the key is the operating system's path, without the file-system prefixes below this one
        String path = Path.of(getBase().toString().replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*:)+(?=/)", ""))
            .toAbsolutePath().normalize().toString();
        return new ForcingChannel(getBase().open(mode), FORCES.computeIfAbsent(path, p -> new AtomicLong()));
    }

    private static final class ForcingChannel extends ForwardingFileChannel {
        private final AtomicLong forces;

        ForcingChannel(FileChannel base, AtomicLong forces) {
            super(base);
            this.forces = forces;
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            int written = super.write(source, position);
            force(false);
            forces.incrementAndGet();
            return written;
        }
    }
}
