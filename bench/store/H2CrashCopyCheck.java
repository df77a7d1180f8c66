// What a crash right after a forced commit leaves, for the H2 jar on the classpath: the message store's metadata
// settings, autocommitted SQL changes each followed by MVStore.commit() (what MetadataDatabase.sync does before its
// fsync), and every few commits a byte copy of the file taken at once (the file as a SIGKILL would leave it) and
// opened: its counter must equal the last committed one. With COMPACT=yes an MVStore.compactFile runs every 7 commits
// and a copy is also taken right after it, before the next commit.
// Usage: java -cp h2-VERSION.jar bench/store/H2CrashCopyCheck.java [DATABASES=40] [COMPACT=no|yes]
// docs/benchmarks.md, "Fifteenth session": 2.4.240 and 2.2.224 kept every commit; 2.5.252 lost the last one in half
// of the copies.
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

public class H2CrashCopyCheck {
    private static final String SETTINGS =
        ";WRITE_DELAY=1000;RETENTION_TIME=0;AUTO_COMPACT_FILL_RATE=70;COMPRESS=TRUE;MAX_COMPACT_TIME=0;DB_CLOSE_ON_EXIT=FALSE";

    public static void main(String[] args) throws Exception {
        int databases = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        boolean compact = args.length > 1 && args[1].equals("yes");
        int copies = 0;
        int behind = 0;
        for (int i = 0; i < databases; i++) {
            Path dir = Files.createTempDirectory("h2-crash-copy");
            String base = dir.resolve("meta").toString();
            try (Connection c = DriverManager.getConnection("jdbc:h2:" + base + SETTINGS); Statement s = c.createStatement()) {
                MVStore store = ((SessionLocal) ((JdbcConnection) c).getSession()).getDatabase().getStore().getMvStore();
                s.execute("CREATE TABLE row_data(id BIGINT PRIMARY KEY, v BIGINT, pad VARCHAR)");
                s.execute("CREATE TABLE counter(id BIGINT PRIMARY KEY, n BIGINT)");
                s.execute("INSERT INTO counter VALUES (1, 0)");
                long committed = 0;
                for (int k = 0; k < 60; k++) {
                    s.execute("MERGE INTO row_data VALUES (" + (k % 25) + ", " + k + ", REPEAT('x', " + (100 + 37 * k % 400) + "))");
                    s.execute("UPDATE counter SET n = n + 1");
                    committed++;
                    store.commit();
                    boolean copyNow = k % 5 == 4;
                    if (compact && k % 7 == 6) {
                        store.compactFile(50);
                        copyNow = true;
                    }
                    if (copyNow) {
                        copies++;
                        long found = counterOfCopy(Path.of(base + ".mv.db"));
                        if (found != committed) {
                            behind++;
                            System.out.println("database " + i + ", commit " + committed + ": the copy holds " + found);
                        }
                    }
                }
                s.execute("SHUTDOWN");
            }
        }
        System.out.println(behind + " of " + copies + " copies lacked committed changes (-1: did not open)");
    }

    private static long counterOfCopy(Path file) throws Exception {
        Path dir = Files.createTempDirectory("h2-crash-copy-of");
        Files.copy(file, dir.resolve("meta.mv.db"));
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + dir.resolve("meta"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT n FROM counter")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (Exception e) {
            System.out.println("the copy did not open: " + e.getMessage().split("\n")[0]);
            return -1;
        }
    }
}
