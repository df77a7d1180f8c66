package org.cpmmss.james.store.postgresql;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.cpmmss.james.plumbing.postgresql.PostgresqlDatabase;
import org.cpmmss.james.plumbing.postgresql.PostgresqlSettings;
import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.MailStorage;
import org.cpmmss.james.store.api.MimeSummary;
import org.cpmmss.james.store.api.NewMessage;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.james.testing.PostgresTestServer;

/**
 * Measurement tool behind bench/store/backends.sh (not a test): the embedded store and the PostgreSQL store (the
 * tests' private PostgreSQL 15, fsync on, on this machine) measured alternately in one JVM. {@code W} writers each
 * deliver 1 KiB chat objects to two owners (two appends sharing the body, as an LMTP transaction with two RCPTs) for
 * {@code S} seconds per run; {@code R} rounds of embedded then PostgreSQL. Prints objects per second per run.
 * <p>
 * Arguments: {@code WORKDIR SECONDS WRITERS ROUNDS}.
 */
public final class StoreBackendBench {
    private StoreBackendBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        long seconds = Long.parseLong(args[1]);
        int writers = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        PostgresTestServer server = PostgresTestServer.shared();
        for (int round = 1; round <= rounds; round++) {
            Path dir = Files.createDirectories(work.resolve("embedded-" + round));
            try (EmbeddedStorage embedded = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir),
                Clock.systemUTC())) {
                report("embedded", round, writers, run(embedded, seconds, writers), seconds);
            }
            try (PostgresqlDatabase pool = new PostgresqlDatabase(new PostgresqlSettings(
                server.newDatabase("bench_" + round), PostgresTestServer.APP_USER, PostgresTestServer.APP_PASSWORD,
                writers + 2))) {
                report("postgresql", round, writers, run(PostgresqlStorage.open(pool, Clock.systemUTC()), seconds,
                    writers), seconds);
            }
        }
        System.exit(0);
    }

    private static void report(String backend, int round, int writers, long objects, long seconds) {
        System.out.printf("round %d %-10s writers %d: %d objects (x2 owners) in %d s = %.1f objects/s, load %s%n",
            round, backend, writers, objects, seconds, objects / (double) seconds,
            String.format("%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage()));
    }

    private static long run(MailStorage storage, long seconds, int writers) throws InterruptedException {
        AtomicLong objects = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        String filler = "x".repeat(1000);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Folder alice = storage.folders().create(new FolderName("#private", "alice" + w + "@bench", "INBOX"), 1);
            Folder bob = storage.folders().create(new FolderName("#private", "bob" + w + "@bench", "INBOX"), 1);
            Thread thread = new Thread(() -> {
                for (long n = 0; System.nanoTime() < end; n++) {
                    byte[] body = ("w" + writer + " n" + n + " " + filler + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    storage.messages().append(alice.id(), message("Message-Direction: received\r\n", n, body));
                    storage.messages().append(bob.id(), message("Message-Direction: sent\r\n", n, body));
                    objects.incrementAndGet();
                }
            });
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        return objects.get();
    }

    private static NewMessage message(String direction, long n, byte[] body) {
        byte[] header = ("From: tel:+33600000001\r\nTo: tel:+33600000002\r\nIMDN-Message-ID: b" + n + "\r\n" + direction
            + "\r\n").getBytes(StandardCharsets.US_ASCII);
        return new NewMessage(header, body, FlagState.NONE, System.currentTimeMillis(), "", "",
            new MimeSummary("text", "plain", 1L, List.of()));
    }
}
