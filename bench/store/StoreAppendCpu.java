// The embedded message store's append path alone, without the IMAP door or James: N sequential appends of 1 KiB chat
// objects (different bodies, as bench/harness/chattext.py's) into one folder of a fresh store, each a forced write
// (group commit of one), then the CPU of the appending thread and of the whole process per append, and the size of
// meta.mv.db right after the run. Run against a build frozen by bench/ingest/server.sh's cpm_snapshot:
//
//   bench/store/ab-store-append.sh HOME_A HOME_B [PAIRS=3] [N=6000]
//
// or by hand: java -XX:TieredStopAtLevel=1 -cp HOME/james-extensions/target/classes:$(cat HOME/james-extensions/
//   target/runtime-classpath.txt) bench/store/StoreAppendCpu.java DIR N [KEYS=none|sequential|random] [PREFILL=0]
// KEYS: each append also records a dedupe key (as the recording pipeline does), "imdn:bench-<n>" (sequential, as
// bench/ingest/load.py's) or "imdn:" + a random UUID (as RCS clients' IMDN-Message-IDs); PREFILL: that many keys of
// the same kind recorded first in one transaction (a store that has recorded many objects before).
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;

import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.MimeSummary;
import org.cpmmss.james.store.api.NewMessage;
import org.cpmmss.james.store.api.RecordedKey;
import org.cpmmss.james.store.embedded.EmbeddedStorage;

public class StoreAppendCpu {
    private static boolean column(java.sql.Statement s, String name) throws java.sql.SQLException {
        try (var rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'RECORDED_KEY'"
            + " AND COLUMN_NAME = '" + name + "'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int warm = n / 4;
        String keys = args.length > 2 ? args[2] : "none";
        int prefill = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Files.createDirectories(dir);
        if (prefill > 0) {
            EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC()).close();
            try (var c = java.sql.DriverManager.getConnection("jdbc:h2:" + dir.resolve("meta"));
                 var s = c.createStatement()) {
                boolean strings = column(s, "OKEY"), hashed = column(s, "KHASH"), halves = column(s, "KHASH2");
                boolean narrow = column(s, "FOLDER_REF");
                String keyOf = keys.equals("random") ? "'imdn:' || RANDOM_UUID()" : "'imdn:bench-old-' || X";
                String hash = "HASH('SHA-256', o || CHAR(0) || k)";
                if (narrow) {
                    // the twenty-fourth session's narrow rows: the folder by reference, the first half the primary key
                    s.execute("INSERT INTO recorded_folder(id, folder, uid_validity) VALUES (1000000,"
                        + " 'Default/sip:bob@example.com', 1)");
                    s.execute("INSERT INTO recorded_key(khash, khash2, folder_ref, uid, recorded_at) SELECT"
                        + " CAST(SUBSTRING(" + hash + " FROM 1 FOR 8) AS BIGINT),"
                        + " CAST(SUBSTRING(" + hash + " FROM 9 FOR 8) AS BIGINT), 1000000, X, 0"
                        + " FROM (SELECT 'alice@example.com' o, " + keyOf + " k, X FROM SYSTEM_RANGE(1, " + prefill + "))");
                } else {
                    // the table as each build has it: owner and key strings (under a primary key, or with a 64-bit hash
                    // index), or only the 128-bit hash of the two
                    s.execute("INSERT INTO recorded_key(" + (strings ? "owner, okey, " : "") + "folder, uid_validity, uid,"
                        + " recorded_at" + (hashed ? ", khash" : "") + (halves ? ", khash2" : "") + ") SELECT "
                        + (strings ? "o, k, " : "") + "'Default/sip:bob@example.com', 1, X, 0"
                        + (hashed ? ", CAST(SUBSTRING(" + hash + " FROM 1 FOR 8) AS BIGINT)" : "")
                        + (halves ? ", CAST(SUBSTRING(" + hash + " FROM 9 FOR 8) AS BIGINT)" : "")
                        + " FROM (SELECT 'alice@example.com' o, " + keyOf + " k, X FROM SYSTEM_RANGE(1, " + prefill + "))");
                }
                s.execute("SHUTDOWN COMPACT");
            }
            System.out.printf("prefilled %d keys: meta_kb=%d%n", prefill, Files.size(dir.resolve("meta.mv.db")) / 1024);
        }
        var threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Random random = new Random(42);
        String[] words = "the a to and of in you is that it for on with this are be at have not your can we".split(" ");
        try (EmbeddedStorage storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir), Clock.systemUTC())) {
            Folder folder = storage.folders().create(new FolderName("#private", "alice@example.com",
                "Default/sip:bob@example.com"), 1);
            long cpu0 = 0, proc0 = 0, wall0 = 0;
            for (int i = 0; i < warm + n; i++) {
                if (i == warm) {
                    cpu0 = threads.getCurrentThreadCpuTime();
                    proc0 = os.getProcessCpuTime();
                    wall0 = System.nanoTime();
                }
                StringBuilder body = new StringBuilder();
                while (body.length() < 1000) {
                    body.append(words[random.nextInt(words.length)]).append(random.nextInt(1000)).append(' ');
                }
                String header = "From: <sip:bob@example.com>\r\nTo: <sip:alice@example.com>\r\nDate: Mon, 7 Dec 2026"
                    + " 03:00:00 +0000\r\nConversation-ID: c1\r\nContribution-ID: k" + i + "\r\nIMDN-Message-ID: m" + i
                    + "\r\nMessage-Direction: received\r\nContent-Type: text/plain\r\n\r\n";
                storage.messages().append(folder.id(), new NewMessage(header.getBytes(StandardCharsets.US_ASCII),
                    body.toString().getBytes(StandardCharsets.US_ASCII), FlagState.NONE, System.currentTimeMillis(),
                    "", "", new MimeSummary("text", "plain", 1L, List.of())), switch (keys) {
                        case "sequential" -> new RecordedKey("alice@example.com", "imdn:bench-" + i,
                            "Default/sip:bob@example.com", 1, false);
                        case "random" -> new RecordedKey("alice@example.com", "imdn:" + java.util.UUID.randomUUID(),
                            "Default/sip:bob@example.com", 1, false);
                        default -> null;
                    });
            }
            double thread = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / n;
            double process = (os.getProcessCpuTime() - proc0) / 1e6 / n;
            double wall = (System.nanoTime() - wall0) / 1e6 / n;
            System.out.printf("n=%d appends/s=%.0f thread_cpu_ms=%.3f process_cpu_ms=%.3f meta_kb=%d%n", n,
                1000 / wall, thread, process, Files.size(dir.resolve("meta.mv.db")) / 1024);
        }
    }
}
