package org.cpmmss.james.ops.backup;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;

import org.cpmmss.james.store.embedded.H2Snapshot;

/**
 * Copies a directory of small files file by file, forced: James's file mail repositories ({@code DATA/mail/}: error,
 * refused and address-error mail), {@code DATA/imap-profile/}. A file removed while the copy runs (a mail reprocessed
 * or deleted meanwhile) is skipped.
 */
final class FileTreeCopy {
    private FileTreeCopy() {
    }

    /** Copies {@code source} (if it exists) to {@code target}; returns the bytes copied. */
    static long copy(Path source, Path target) throws IOException {
        AtomicLong bytes = new AtomicLong();
        if (!Files.isDirectory(source)) {
            return 0;
        }
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path copy = target.resolve(source.relativize(file).toString());
                try {
                    Files.copy(file, copy);
                    H2Snapshot.force(copy);
                    bytes.addAndGet(Files.size(copy));
                } catch (NoSuchFileException gone) {
                    // removed meanwhile
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                H2Snapshot.forceDirectory(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
        return bytes.get();
    }
}
