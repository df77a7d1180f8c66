import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * H2 alone on a full disk (why cpm-mss keeps a storage reserve, docs/operator-guide.md "Full disk").
 * DIR must be a small file system of its own (bench/drills/h2-full-disk.sh mounts a tmpfs). A ballast file takes
 * BALLAST MiB; THREADS writers insert 1 KiB rows (autocommit, WRITE_DELAY=0) until writes fail, keep trying for
 * FULL_SECONDS (reconnecting after each failure, as the server's pools do), then the ballast is deleted and up to 300
 * more rows are written. Then: rows acknowledged (executeUpdate returned) but absent = lost; a database that does not
 * open = corrupt. Prints one H2-FULL-DISK line.
 *
 *   java -cp h2.jar[:james-extensions/target/classes] bench/drills/H2FullDiskCheck.java DIR PREFIX [THREADS] [FULL_SECONDS] [BALLAST]
 * PREFIX: the H2 file-system prefix, e.g. async, file, nio, reopenable:async (reopenable needs the classes).
 */
public class H2FullDiskCheck {
    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        String prefix = args[1];
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int fullSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int ballastMib = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        if (prefix.startsWith("reopenable")) {
            Class.forName("org.cpmmss.james.plumbing.ReopenableFileSystem").getMethod("install").invoke(null);
        }
        String url = "jdbc:h2:" + prefix + ":" + dir.resolve("db").toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        Path ballast = dir.resolve("ballast");
        try (OutputStream out = Files.newOutputStream(ballast)) {
            byte[] mib = new byte[1 << 20];
            for (int i = 0; i < ballastMib; i++) {
                out.write(mib);
            }
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS t (id BIGINT PRIMARY KEY, b VARCHAR(2000))");
        }
        Map<Long, Integer> acknowledged = new ConcurrentHashMap<>(); // id -> phase it was acknowledged in
        AtomicInteger phase = new AtomicInteger(0); // 0 filling, 1 full, 2 space back, 3 stop
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger afterSpace = new AtomicInteger();
        Thread[] writers = new Thread[threads];
        for (int w = 0; w < threads; w++) {
            long base = (long) w << 32;
            writers[w] = new Thread(() -> write(url, base, acknowledged, phase, failures, afterSpace));
            writers[w].start();
        }
        while (failures.get() == 0) {
            Thread.sleep(10);
        }
        int beforeFull = acknowledged.size();
        phase.set(1);
        Thread.sleep(fullSeconds * 1000L);
        Files.delete(ballast);
        phase.set(2);
        for (int i = 0; i < 500 && phase.get() == 2; i++) {
            Thread.sleep(10);
        }
        phase.set(3);
        for (Thread writer : writers) {
            writer.join();
        }
        String outcome;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            Set<Long> present = new HashSet<>();
            try (ResultSet rows = s.executeQuery("SELECT id FROM t")) {
                while (rows.next()) {
                    present.add(rows.getLong(1));
                }
            }
            int[] lostByPhase = new int[3];
            acknowledged.forEach((id, when) -> {
                if (!present.contains(id)) {
                    lostByPhase[when]++;
                }
            });
            outcome = "rows=" + present.size() + " lost=" + (lostByPhase[0] + lostByPhase[1] + lostByPhase[2])
                + " (before_full=" + lostByPhase[0] + " while_full=" + lostByPhase[1] + " after=" + lostByPhase[2] + ")";
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            outcome = "CORRUPT: " + e.getMessage().split("\n")[0];
        }
        System.out.println("H2-FULL-DISK prefix=" + prefix + " acknowledged_before_full=" + beforeFull
            + " acknowledged=" + acknowledged.size() + " after_space_back=" + afterSpace.get() + " " + outcome);
        System.exit(0);
    }

    private static void write(String url, long base, Map<Long, Integer> acknowledged, AtomicInteger phase,
                              AtomicInteger failures, AtomicInteger afterSpace) {
        String payload = "x".repeat(1000);
        Connection connection = null;
        long next = 0;
        while (phase.get() < 3) {
            try {
                if (connection == null) {
                    connection = DriverManager.getConnection(url);
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                    long id = base + next++;
                    insert.setLong(1, id);
                    insert.setString(2, payload);
                    int when = Math.min(phase.get(), 2);
                    insert.executeUpdate();
                    acknowledged.put(id, when);
                    if (when == 2 && afterSpace.incrementAndGet() >= 300) {
                        phase.compareAndSet(2, 3);
                    }
                }
            } catch (SQLException e) {
                failures.incrementAndGet();
                try {
                    if (connection != null) {
                        connection.close();
                    }
                } catch (SQLException ignored) {
                    // the database is closed already
                }
                connection = null;
                try {
                    Thread.sleep(5);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // closing at the end
        }
    }
}
