// Does a clean close of an H2 database keep every commit? Stand-alone check of the H2 jar on the classpath with the
// message store's metadata settings (docs/store.md, "Why these choices"): LOOPS fresh databases, each written in a
// short burst of explicit commits (as MetadataDatabase.sync does), closed with SHUTDOWN, opened again with defaults;
// prints the databases that came back older than they were closed.
// Usage: java -cp h2-VERSION.jar bench/store/H2CloseCheck.java [LOOPS] [URL-SETTINGS]
//   URL-SETTINGS default: the store's own (";WRITE_DELAY=1000;RETENTION_TIME=0;AUTO_COMPACT_FILL_RATE=70;
//   COMPRESS=TRUE;MAX_COMPACT_TIME=0"); give the same without MAX_COMPACT_TIME=0 to see H2 2.2's close-time
//   compaction lose commits (50 of 200 with 2.2.224, 2.3.230 and 2.3.232; 0 with 2.4.240).
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

public class H2CloseCheck {
    public static void main(String[] args) throws Exception {
        int loops = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String settings = args.length > 1 ? args[1]
            : ";WRITE_DELAY=1000;RETENTION_TIME=0;AUTO_COMPACT_FILL_RATE=70;COMPRESS=TRUE;MAX_COMPACT_TIME=0";
        int older = 0;
        for (int i = 0; i < loops; i++) {
            Path dir = Files.createTempDirectory("h2-close-check");
            String base = dir.resolve("meta").toString();
            long counter = 0;
            try (Connection c = DriverManager.getConnection("jdbc:h2:" + base + ";DB_CLOSE_ON_EXIT=FALSE" + settings);
                 Statement s = c.createStatement()) {
                MVStore store = ((SessionLocal) ((JdbcConnection) c).getSession()).getDatabase().getStore().getMvStore();
                s.execute("CREATE TABLE row_data(id BIGINT PRIMARY KEY, v BIGINT, pad VARCHAR)");
                s.execute("CREATE TABLE counter(id BIGINT PRIMARY KEY, n BIGINT)");
                s.execute("INSERT INTO counter VALUES (1, 0)");
                int rows = 20 + i % 40;
                for (int k = 0; k < rows; k++) {
                    s.execute("INSERT INTO row_data VALUES (" + k + ", 0, REPEAT('x', 200))");
                    s.execute("UPDATE counter SET n = n + 1");
                    counter++;
                    store.commit();
                }
                for (int k = 0; k < rows; k += 2) {
                    s.execute("UPDATE row_data SET v = v + 1 WHERE id = " + k);
                    s.execute("UPDATE counter SET n = n + 1");
                    counter++;
                    if (k % 4 == 0) {
                        store.commit();
                    }
                }
                s.execute("DELETE FROM row_data WHERE id = 3");
                s.execute("UPDATE counter SET n = n + 1");
                counter++;
                store.commit();
                s.execute("SHUTDOWN");
            }
            try (Connection c = DriverManager.getConnection("jdbc:h2:" + base);
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT n FROM counter")) {
                long found = rs.next() ? rs.getLong(1) : -1;
                if (found != counter) {
                    older++;
                    System.out.println("database " + i + ": counter " + found + " after the close, " + counter + " before");
                }
            }
        }
        System.out.println(older + " of " + loops + " databases came back older than they were closed");
    }
}
