package org.cpmmss.james.store.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A consistent copy of an open H2 database, taken while it serves: H2's online {@code BACKUP TO} (a snapshot of the
 * last committed state, writers go on) into a zip beside the target, unpacked to {@code target} (an {@code .mv.db}
 * file that H2 opens as it is) and forced.
 */
public final class H2Snapshot {
    private H2Snapshot() {
    }

    /** Copies the database {@code connection} is on to {@code target}; returns its size in bytes. */
    public static long copy(Connection connection, Path target) throws SQLException, IOException {
        Files.createDirectories(target.getParent());
        Path zip = target.resolveSibling(target.getFileName() + ".backup.zip");
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("BACKUP TO '" + zip.toAbsolutePath().toString().replace("'", "''") + "'");
            }
            boolean found = false;
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    if (!entry.isDirectory() && entry.getName().endsWith(".mv.db")) {
                        if (found) {
                            throw new IOException("H2 backup " + zip + " holds more than one database file");
                        }
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        found = true;
                    }
                }
            }
            if (!found) {
                throw new IOException("H2 backup " + zip + " holds no database file");
            }
            force(target);
            return Files.size(target);
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    /** Forces a copied file's bytes and size to disk. */
    public static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Forces a directory (the names of the files just created in it). */
    public static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Copies the first {@code length} bytes of {@code source} to a new file {@code target}, forced. */
    public static long copyPrefix(Path source, Path target, long length) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long done = 0;
            while (done < length) {
                long n = in.transferTo(done, length - done, out);
                if (n <= 0) {
                    throw new IOException(source + " is shorter than " + length + " bytes");
                }
                done += n;
            }
            out.force(true);
            return done;
        }
    }
}
