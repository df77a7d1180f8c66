package org.cpmmss.james.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.MimeSummary;
import org.cpmmss.james.store.api.NewMessage;
import org.cpmmss.james.store.api.UidRange;
import org.cpmmss.james.plumbing.Syncable;
import org.cpmmss.james.testing.FullDiskFileSystem;

/** Messages and directories for the embedded store's tests. */
final class StoreTestSupport {
    private StoreTestSupport() {
    }

    static NewMessage message(String header, String body) {
        return new NewMessage(header.getBytes(StandardCharsets.US_ASCII), body.getBytes(StandardCharsets.US_ASCII),
            FlagState.NONE, 1_700_000_000_000L, "", "", new MimeSummary("text", "plain", 1L, List.of()));
    }

    static NewMessage chat(int n) {
        return message("From: tel:+33600000001\r\nTo: tel:+33600000002\r\nIMDN-Message-ID: m" + n + "\r\n\r\n",
            "hello " + n + "\r\n");
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("native-store-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The store in {@code dir} with its files on the tests' {@code fulldisk:} file system (forces and writes can be
     * made to fail), no background maintenance, its force targets wrapped by {@code probe}.
     */
    static EmbeddedStorage openOnFullDisk(Path dir, UnaryOperator<Syncable> probe) {
        FullDiskFileSystem.install();
        return EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir)
            .withFiles(new StoreFiles(FullDiskFileSystem.SCHEME + ":")).withoutMaintenance(), Clock.systemUTC(), probe);
    }

    /** Closes the store (if open) and deletes {@code dir}: a test's tear-down. */
    static void closeAndDelete(EmbeddedStorage storage, Path dir) {
        if (storage != null) {
            storage.close();
        }
        delete(dir);
    }

    /** Closes the store (if open), lets the {@code fulldisk:} file system work again and deletes {@code dir}. */
    static void closeOnFullDisk(EmbeddedStorage storage, Path dir) {
        FullDiskFileSystem.free();
        closeAndDelete(storage, dir);
    }

    static Path segmentFile(Path dir, long segment) {
        return dir.resolve("segments").resolve(String.format("%012d.seg", segment));
    }

    /** The bodies of a folder's messages, in UID order, as text. */
    static List<String> bodies(EmbeddedStorage storage, long folder) {
        return storage.messages().list(folder, UidRange.ALL, -1).stream()
            .map(m -> new String(storage.content().read(m.body()), StandardCharsets.US_ASCII)).toList();
    }
}
