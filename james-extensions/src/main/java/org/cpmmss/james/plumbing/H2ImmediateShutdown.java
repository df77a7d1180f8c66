package org.cpmmss.james.plumbing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Closes an H2 database without writing anything ({@code SHUTDOWN IMMEDIATELY}): the transactions committed only in
 * memory since its last written chunk are dropped, and its next connection opens it again from the file. Run after a
 * failed force ({@link GroupCommit}), so that a write its writer was told failed never reaches the disk later.
 */
public final class H2ImmediateShutdown {
    private H2ImmediateShutdown() {
    }

    public static void of(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException e) {
            // H2 closes the connection it shuts the database down with: the database is closed, as asked
        }
    }
}
