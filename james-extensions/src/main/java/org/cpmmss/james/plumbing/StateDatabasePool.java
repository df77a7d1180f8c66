package org.cpmmss.james.plumbing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The connections of one cpm state database, each checked before it is handed out.
 *
 * <p>When a write fails (a full disk) H2 closes the whole database: every pooled connection is dead from then on
 * ("The database has been closed [90098]"), although {@link Connection#isValid(int)} still answers true, and H2's
 * own pool would hand the dead connections out again and again. So a borrowed connection first runs
 * {@code SELECT 1}; if that fails, the whole pool (all its connections are on the closed database) is replaced by a
 * new one, whose first connection re-opens the database from its file with every committed transaction. Once
 * space returns the database thus recovers by itself, without a restart and without a refused request; while the
 * disk is still full the re-open or the write fails and the caller gets that {@link SQLException} (a clean temporary
 * failure). Nothing runs in the background: a re-open is tried only when a request needs one.</p>
 */
public final class StateDatabasePool {
    private final String url;
    private volatile int maxConnections = 10;
    private volatile JdbcConnectionPool pool;

    StateDatabasePool(String url) {
        this.url = url;
        this.pool = newPool();
    }

    /** A live connection; the caller closes it (back to the pool). */
    public Connection getConnection() throws SQLException {
        JdbcConnectionPool current = pool;
        try {
            Connection connection = current.getConnection();
            if (alive(connection)) {
                return connection;
            }
        } catch (SQLException dead) {
            // a pooled connection on a closed database fails as it is handed out (its rollback): replaced below
        }
        replace(current);
        return pool.getConnection();
    }

    /** At most this many connections are kept open (H2's default is 10). */
    public void setMaxConnections(int max) {
        maxConnections = max;
        pool.setMaxConnections(max);
    }

    /** Closes every connection (server shutdown). */
    public synchronized void dispose() {
        pool.dispose();
    }

    /** The database behind {@code dead} was closed: a new pool (connections still borrowed close with the old one). */
    private synchronized void replace(JdbcConnectionPool dead) {
        if (pool == dead) {
            pool = newPool();
            dead.dispose();
        }
    }

    private JdbcConnectionPool newPool() {
        JdbcConnectionPool created = JdbcConnectionPool.create(url, "", "");
        created.setMaxConnections(maxConnections);
        return created;
    }

    private static boolean alive(Connection connection) {
        try (Statement probe = connection.createStatement()) {
            probe.execute("SELECT 1");
            return true;
        } catch (SQLException dead) {
            closeQuietly(connection);
            return false;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // on a closed database
        }
    }
}
