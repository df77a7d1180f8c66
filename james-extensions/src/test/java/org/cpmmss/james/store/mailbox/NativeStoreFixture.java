package org.cpmmss.james.store.mailbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

import org.cpmmss.james.store.embedded.EmbeddedStorage;

/** A fresh embedded store in a temporary directory, deleted on close (test support). */
final class NativeStoreFixture implements AutoCloseable {
    final Path dir;
    final EmbeddedStorage storage;

    NativeStoreFixture(Clock clock) {
        try {
            this.dir = Files.createTempDirectory("native-store");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), clock);
    }

    @Override
    public void close() {
        storage.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
