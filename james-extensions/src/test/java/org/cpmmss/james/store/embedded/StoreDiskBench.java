package org.cpmmss.james.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.StoredMessage;

/**
 * Measurement tool behind bench/store/disk-growth.sh (not a test): {@code W} writers append 1 KiB chat objects to a
 * fresh store for {@code S} seconds, each into a folder of its own; with {@code KEEP > 0} every append beyond the
 * folder's last {@code KEEP} messages expunges the oldest (a steady state of live content). Prints, every 5 s and at
 * the end, appends per second and the sizes of {@code meta.mv.db} and of the segment files.
 * <p>
 * Arguments: {@code DIR SECONDS WRITERS KEEP RETENTION_MS WRITE_DELAY_MS FILL_RATE [SEGMENT_BYTES [MAINTENANCE_MS]]}.
 */
public final class StoreDiskBench {
    private StoreDiskBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seconds = Long.parseLong(args[1]);
        int writers = Integer.parseInt(args[2]);
        int keep = Integer.parseInt(args[3]);
        EmbeddedStorage.Settings settings = new EmbeddedStorage.Settings(dir,
            args.length > 7 ? Long.parseLong(args[7]) : 64L << 20, Math.max(4, writers + 2),
            Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]),
            args.length > 8 ? Long.parseLong(args[8]) : 1000, 50);
        byte[] filler = "x".repeat(1000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        AtomicLong appended = new AtomicLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        try (EmbeddedStorage storage = EmbeddedStorage.open(settings, Clock.systemUTC())) {
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                FolderName name = new FolderName("#private", "+3360000000" + w + "@cpm", "INBOX");
                Folder folder = storage.folders().find(name).orElseGet(() -> storage.folders().create(name, 1));
                Thread t = new Thread(() -> {
                    for (int n = 0; System.nanoTime() < end; n++) {
                        String body = "hello " + n + " " + System.nanoTime() + "\r\n" + new String(filler,
                            java.nio.charset.StandardCharsets.US_ASCII) + "\r\n";
                        StoredMessage m = storage.messages().append(folder.id(), StoreTestSupport.message(
                            "From: tel:+33600000001\r\nTo: tel:+33600000002\r\nIMDN-Message-ID: m" + n + "\r\n\r\n",
                            body));
                        appended.incrementAndGet();
                        if (keep > 0 && m.uid() > keep) {
                            storage.messages().expunge(folder.id(), List.of(m.uid() - keep));
                        }
                    }
                });
                t.start();
                threads.add(t);
            }
            long nextSample = start + 5_000_000_000L;
            while (threads.stream().anyMatch(Thread::isAlive)) {
                Thread.sleep(100);
                if (System.nanoTime() >= nextSample) {
                    report("t=" + (nextSample - start) / 1_000_000_000L + "s", dir, appended.get(), start);
                    nextSample += 5_000_000_000L;
                }
            }
            report("end", dir, appended.get(), start);
        }
        report("closed", dir, appended.get(), start);
    }

    private static void report(String label, Path dir, long appended, long start) {
        double secs = (System.nanoTime() - start) / 1e9;
        long meta = size(dir.resolve("meta.mv.db"));
        long segments = sizeOfTree(dir.resolve("segments"));
        System.out.printf("%s appends=%d rate=%.1f/s meta=%d KiB segments=%d KiB meta/append=%.0f B%n", label, appended,
            appended / secs, meta / 1024, segments / 1024, appended == 0 ? 0.0 : (double) meta / appended);
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long sizeOfTree(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(StoreDiskBench::size).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
