package org.cpmmss.james.imap.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The directory where literals larger than {@code inMemorySizeLimit} are streamed while they arrive
 * ({@code <var>/imap-literals}). Files left there by a stopped or killed server are deleted at start.
 */
final class LiteralSpillDirectory {
    private LiteralSpillDirectory() {
    }

    static Path prepare(Path directory) {
        try {
            Files.createDirectories(directory);
            try (Stream<Path> leftovers = Files.list(directory)) {
                for (Path file : (Iterable<Path>) leftovers::iterator) {
                    if (file.getFileName().toString().startsWith(FileLiteralSink.PREFIX)) {
                        Files.deleteIfExists(file);
                    }
                }
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the IMAP literal directory " + directory, e);
        }
    }
}
