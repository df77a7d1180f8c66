import java.sql.*;
/** Thread interrupts during H2 writes: file: (the database fails) vs async: (it does not). Usage in docs/benchmarks.md. */
public class H2InterruptCheck {
    public static void main(String[] a) throws Exception {
        String url = "jdbc:h2:" + a[0] + ":" + System.getProperty("java.io.tmpdir") + "/h2-interrupt-check-" + a[0] + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY, b VARCHAR(2000))");
        }
        Thread[] ws = new Thread[4];
        for (int w = 0; w < ws.length; w++) {
            int base = w * 1_000_000;
            ws[w] = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url); PreparedStatement p = c.prepareStatement("MERGE INTO t VALUES (?, ?)")) {
                    for (int i = 0; i < 1500; i++) {
                        p.setInt(1, base + i % 3000); p.setString(2, "x".repeat(1000)); p.executeUpdate();
                        if (Thread.interrupted()) { /* the interrupt is swallowed, as a cancelled task would */ }
                    }
                } catch (Exception e) { System.out.println("writer: " + e.getClass().getSimpleName() + " " + e.getMessage().split("\n")[0]); }
            });
            ws[w].start();
        }
        for (int k = 0; k < 100; k++) { Thread.sleep(10); ws[k % ws.length].interrupt(); }
        for (Thread w : ws) { w.interrupt(); w.join(); }
        Thread.sleep(200);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("MERGE INTO t VALUES (-1, 'after')");
            ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t"); rs.next();
            System.out.println(a[0] + ": database usable after the interrupts, rows=" + rs.getLong(1) + " (4 writers x up to 1500 merges over 3000 ids each, +1)");
        } catch (Exception e) { System.out.println(a[0] + ": database FAILED after interrupts: " + e.getMessage().split("\n")[0]); }
        System.exit(0);
    }
}
