package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Segment compaction survives a crash at any step: a forked {@link CompactionCrashWriter} (appends, expunges,
 * compactions on 4 KiB segments) is halted at a randomly chosen compaction step (copied, forced, committed, deleted),
 * or killed with SIGKILL at a random moment, again and again on the same store; after each crash every acknowledged
 * and not expunged message is there with its bytes, no expunged one came back, UIDs are never reused, and in the end
 * the segments hold at most twice the live bytes.
 */
class SegmentCompactionCrashTest {
    private final Path dir = StoreTestSupport.tempDir();
    private final Map<Long, Long> acknowledged = new HashMap<>();
    private final Set<Long> expunged = new HashSet<>();
    private final Set<Long> expunging = new HashSet<>();
    private final List<String> haltedAt = new ArrayList<>();
    private long highestUid;

    @AfterEach
    void tearDown() {
        StoreTestSupport.delete(dir);
    }

    @Test
    void aCompactorKilledAtAnyStepLosesNoLiveMessage() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int run = 0; run < 8; run++) {
            if (run < 6) {
                runWriter(1 + random.nextInt(18), 30, -1);
            } else {
                runWriter(0, 30, 2500 + random.nextInt(4000));
            }
            verifyStore("seed " + seed + ", run " + run + ", halted at " + haltedAt);
        }
        runWriter(0, 2, -1);
        verifyStore("seed " + seed + ", final run");
        System.out.println("SegmentCompactionCrashTest: seed " + seed + ", halted at " + haltedAt);

        try (EmbeddedStorage storage = EmbeddedStorage.open(
            new EmbeddedStorage.Settings(dir, 4 * 1024, 4, 2000).withoutMaintenance(), Clock.systemUTC())) {
            storage.compactSegments();
            Folder inbox = storage.folders().find(CompactionCrashWriter.INBOX).orElseThrow();
            long live = 0;
            for (StoredMessage m : storage.messages().list(inbox.id(), UidRange.ALL, 0)) {
                live += m.header().length() + m.body().length() + 2L * SegmentLog.FRAME;
            }
            assertThat(segmentBytes()).isLessThanOrEqualTo(2 * live + 4 * 1024);
        }
    }

    /** Runs the forked writer; halts it at compaction step {@code haltAt}, or kills it after {@code killAfter} ms. */
    private void runWriter(int haltAt, int rounds, long killAfter) throws Exception {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), CompactionCrashWriter.class.getName(), dir.toString(),
            Integer.toString(haltAt), Integer.toString(rounds))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        if (killAfter >= 0) {
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(killAfter);
                } catch (InterruptedException e) {
                    return;
                }
                // SIGKILL through the process handle: Process.destroyForcibly() also closes the streams, and the
                // reader below then failed with "Stream closed" instead of reading the writer's last lines to the end
                writer.toHandle().destroyForcibly();
            });
            killer.setDaemon(true);
            killer.start();
        }
        String lastStep = "none";
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
            StandardCharsets.US_ASCII))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "ACK" -> {
                        long uid = Long.parseLong(f[1]);
                        assertThat(uid).as("UID reused").isGreaterThan(highestUid);
                        highestUid = uid;
                        acknowledged.put(uid, Long.parseLong(f[2]));
                    }
                    case "EXPUNGING" -> expunging.add(Long.parseLong(f[1]));
                    case "EXP" -> {
                        expunging.remove(Long.parseLong(f[1]));
                        expunged.add(Long.parseLong(f[1]));
                    }
                    case "STEP" -> lastStep = f[1];
                    default -> { }
                }
            }
        }
        assertThat(writer.waitFor(2, TimeUnit.MINUTES)).isTrue();
        haltedAt.add(writer.exitValue() == 0 ? "end" : lastStep);
    }

    private void verifyStore(String context) {
        try (EmbeddedStorage storage = EmbeddedStorage.open(
            new EmbeddedStorage.Settings(dir, 4 * 1024, 4, 2000).withoutMaintenance(), Clock.systemUTC())) {
            Folder inbox = storage.folders().find(CompactionCrashWriter.INBOX).orElseThrow();
            Map<Long, StoredMessage> found = new HashMap<>();
            storage.messages().list(inbox.id(), UidRange.ALL, 0).forEach(m -> found.put(m.uid(), m));
            acknowledged.forEach((uid, n) -> {
                if (expunged.contains(uid)) {
                    assertThat(found).as(context + ": expunged UID " + uid + " came back").doesNotContainKey(uid);
                } else if (!expunging.contains(uid)) {
                    assertThat(found).as(context + ": acknowledged UID " + uid).containsKey(uid);
                    StoredMessage m = found.get(uid);
                    assertThat(text(storage.content().read(m.body()))).as(context)
                        .isEqualTo(CompactionCrashWriter.body(n));
                    assertThat(text(storage.content().read(m.header()))).as(context)
                        .contains("IMDN-Message-ID: m" + n + "\r\n");
                }
            });
            for (long uid : expunging) {
                if (!found.containsKey(uid)) {
                    expunged.add(uid);
                }
            }
            for (StoredMessage m : found.values()) {
                assertThat(text(storage.content().read(m.header()))).as(context).startsWith("From: tel:+33600000001");
                highestUid = Math.max(highestUid, m.uid());
            }
        }
        expunging.clear();
    }

    private long segmentBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("segments"))) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
