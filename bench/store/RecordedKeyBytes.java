// What a recorded dedupe key costs in the embedded store's metadata file (issue 22's disk soak, twenty-fourth
// session): N keys recorded one after the other through RecordedKeys.record (each a forced write, as a session part's
// key is), owners and folders alternating, random IMDN-like keys; then meta.mv.db's size while running (median and
// maximum of the second half, sampled every 250 keys), and H2's SHUTDOWN COMPACT on two copies, one without the keys:
// the bytes per key once compacted. Run against a build frozen by bench/ingest/server.sh's cpm_snapshot:
//
//   java -XX:TieredStopAtLevel=1 -cp HOME/james-extensions/target/classes:$(cat HOME/james-extensions/target/
//     runtime-classpath.txt) bench/store/RecordedKeyBytes.java DIR [N=20000]
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.cpmmss.james.store.api.RecordedKey;
import org.cpmmss.james.store.embedded.EmbeddedStorage;

public class RecordedKeyBytes {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        List<Long> sizes = new ArrayList<>();
        long started;
        long running;
        try (EmbeddedStorage storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC())) {
            started = System.nanoTime();
            for (int n = 0; n < keys; n++) {
                storage.recordedKeys().record(new RecordedKey(n % 3 == 0 ? "bob@example.com" : "alice@example.com",
                    "imdn:" + UUID.randomUUID(), "Default/sip:" + (n % 2) + "@example.com", 1_733_500_000L + n % 2,
                    true), n / 2 + 1);
                if (n % 250 == 249) {
                    sizes.add(Files.size(dir.resolve("meta.mv.db")));
                }
            }
            running = Files.size(dir.resolve("meta.mv.db"));
        }
        double micros = (System.nanoTime() - started) / 1e3 / keys;
        List<Long> tail = new ArrayList<>(sizes.subList(sizes.size() / 2, sizes.size()));
        Collections.sort(tail);
        long[] compacted = new long[2];
        String[] copies = {"all", "none"};
        for (int i = 0; i < 2; i++) {
            Path copy = Files.createDirectories(dir.resolve(copies[i]));
            Files.copy(dir.resolve("meta.mv.db"), copy.resolve("meta.mv.db"));
            try (Connection c = DriverManager.getConnection("jdbc:h2:" + copy.resolve("meta")
                     + ";COMPRESS=TRUE;MAX_COMPACT_TIME=0");
                 Statement s = c.createStatement()) {
                if (i == 1) {
                    s.execute("DELETE FROM recorded_key");
                }
                s.execute("SHUTDOWN COMPACT");
            }
            compacted[i] = Files.size(copy.resolve("meta.mv.db"));
        }
        System.out.printf("keys=%d running_end=%d running_median=%d running_max=%d compacted=%d without_keys=%d"
                + " bytes_per_key=%.1f us_per_record=%.0f%n", keys, running, tail.get(tail.size() / 2),
            tail.get(tail.size() - 1), compacted[0], compacted[1], (compacted[0] - compacted[1]) / (double) keys, micros);
    }
}
