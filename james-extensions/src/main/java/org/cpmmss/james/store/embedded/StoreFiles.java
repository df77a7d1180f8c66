package org.cpmmss.james.store.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.cpmmss.james.plumbing.ReopenableFileSystem;
import org.h2.store.fs.FilePath;

/**
 * How the embedded store opens the files it writes (the segments and the metadata database): on the disk itself, or,
 * with an H2 file-system prefix, through that file system (tests put the store on a simulated full disk with it).
 * The metadata database is always opened below H2's {@code reopenable:} prefix: when H2 closes it after a failed
 * write (a full disk), it can be opened again in this process without a restart ({@link ReopenableFileSystem}).
 */
public record StoreFiles(String h2Prefix) {
    /** The files on the disk, as they are. */
    public static final StoreFiles DISK = new StoreFiles("");

    String databaseUrl(Path base) {
        ReopenableFileSystem.install();
        return "jdbc:h2:" + ReopenableFileSystem.SCHEME + ":" + h2Prefix + base.toAbsolutePath();
    }

    /** Opens a file for reading and writing, created if missing (or refused if it exists, with {@code createNew}). */
    FileChannel openWritable(Path file, boolean createNew) throws IOException {
        if (h2Prefix.isEmpty()) {
            return FileChannel.open(file, createNew ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        if (createNew && Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        return FilePath.get(h2Prefix + file.toAbsolutePath()).open("rw");
    }

    /** Opens an existing file read-only (a channel to force a file another descriptor wrote). */
    FileChannel openReadable(Path file) throws IOException {
        if (h2Prefix.isEmpty()) {
            return FileChannel.open(file, StandardOpenOption.READ);
        }
        return FilePath.get(h2Prefix + file.toAbsolutePath()).open("r");
    }
}
