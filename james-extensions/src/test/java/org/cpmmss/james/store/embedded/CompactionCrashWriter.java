package org.cpmmss.james.store.embedded;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;

/**
 * Test helper run in a forked JVM by {@link SegmentCompactionCrashTest}: on the store in {@code args[0]} (4 KiB
 * segments, no background maintenance), repeats "append 12 messages, expunge two thirds of the older ones, compact"
 * for {@code args[2]} rounds. Prints {@code ACK <uid> <n>} after each append returns, {@code EXPUNGING <uid>} before
 * and {@code EXP <uid>} after an expunge, {@code STEP <name> <count>} at each compaction step, and halts the JVM
 * (no shutdown hook, like SIGKILL) when the step count reaches {@code args[1]} (0: never).
 */
public final class CompactionCrashWriter {
    static final FolderName INBOX = new FolderName("#private", "+33600000001@cpm", "INBOX");

    private CompactionCrashWriter() {
    }

    static String body(long n) {
        return "hello " + n + "\r\n" + String.valueOf((char) ('a' + n % 26)).repeat(400 + (int) (n % 7) * 50)
            + "\r\n";
    }

    public static void main(String[] args) {
        int haltAt = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int[] steps = {0};
        EmbeddedStorage storage = EmbeddedStorage.open(
            new EmbeddedStorage.Settings(Path.of(args[0]), 4 * 1024, 4, 2000).withoutMaintenance(),
            Clock.systemUTC(), step -> {
                steps[0]++;
                say("STEP " + step + " " + steps[0]);
                if (steps[0] == haltAt) {
                    Runtime.getRuntime().halt(137);
                }
            });
        Folder inbox = storage.folders().find(INBOX).orElseGet(() -> storage.folders().create(INBOX, 1));
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < 12; i++) {
                long n = System.nanoTime() % 1_000_000_000L;
                StoredMessage m = storage.messages().append(inbox.id(), StoreTestSupport.message(
                    "From: tel:+33600000001\r\nIMDN-Message-ID: m" + n + "\r\n\r\n", body(n)));
                say("ACK " + m.uid() + " " + n);
            }
            List<StoredMessage> live = storage.messages().list(inbox.id(), UidRange.ALL, 0);
            List<Long> doomed = new ArrayList<>();
            for (StoredMessage m : live.subList(0, Math.max(0, live.size() - 6))) {
                if (m.uid() % 3 != 0) {
                    doomed.add(m.uid());
                }
            }
            doomed.forEach(uid -> say("EXPUNGING " + uid));
            storage.messages().expunge(inbox.id(), doomed);
            doomed.forEach(uid -> say("EXP " + uid));
            storage.compactSegments();
        }
        storage.close();
        say("DONE");
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
