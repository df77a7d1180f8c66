package org.cpmmss.james.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepared statements that H2 parses again at every {@code prepareStatement}, kept open per pooled connection and
 * executed again. H2's query cache ({@code QUERY_CACHE_SIZE}) holds only statements it may reuse as they are, and a
 * locking read ({@code SELECT … FOR UPDATE}) is not one: the flag change's read of its rows was parsed for every UID
 * range of every STORE (a sixth of a STORE's CPU in a JFR of STOREs of 100 scattered messages).
 *
 * <p>A pooled connection is used by one thread at a time; a connection closed by the pool (after a failure) is
 * forgotten, with its statements, the next time a statement is prepared for a connection not seen before.</p>
 */
final class HeldStatements {
    private final Map<Connection, Map<String, PreparedStatement>> held = new HashMap<>();

    /** The statement {@code sql} on {@code connection}, prepared at its first use; not to be closed by the caller. */
    PreparedStatement get(Connection connection, String sql) throws SQLException {
        Map<String, PreparedStatement> statements;
        synchronized (held) {
            statements = held.get(connection);
            if (statements == null) {
                held.keySet().removeIf(HeldStatements::closed);
                statements = new HashMap<>();
                held.put(connection, statements);
            }
        }
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    private static boolean closed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
