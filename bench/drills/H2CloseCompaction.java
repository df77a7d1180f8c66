import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * How long H2 takes to close a database and how far it compacts the file, for a MAX_COMPACT_TIME and a number of
 * autocommitted 1 KiB rows (WRITE_DELAY=0, RETENTION_TIME=1000, as cpm-mss opens its databases). docs/benchmarks.md
 * (fifth pass) quotes its results.
 *
 *   java -cp h2.jar bench/drills/H2CloseCompaction.java ROWS [MAX_COMPACT_TIME_MS]   (no value: H2's default)
 */
public class H2CloseCompaction {
    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[0]);
        String compact = args.length > 1 ? ";MAX_COMPACT_TIME=" + args[1] : "";
        Path dir = Files.createTempDirectory("h2-close");
        String url = "jdbc:h2:async:" + dir + "/db;WRITE_DELAY=0;RETENTION_TIME=1000;DB_CLOSE_ON_EXIT=FALSE" + compact;
        Connection connection = DriverManager.getConnection(url);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, b VARCHAR(2000))");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
            for (int i = 0; i < rows; i++) {
                insert.setLong(1, i);
                insert.setString(2, "x".repeat(1000));
                insert.executeUpdate();
            }
        }
        Path file = dir.resolve("db.mv.db");
        long before = Files.size(file);
        long start = System.nanoTime();
        connection.close();
        System.out.println("rows=" + rows + compact + " file " + before / 1024 + " KiB -> " + Files.size(file) / 1024
            + " KiB, close " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
