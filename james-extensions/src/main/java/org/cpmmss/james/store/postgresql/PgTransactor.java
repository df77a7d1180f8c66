package org.cpmmss.james.store.postgresql;

import java.sql.Connection;
import java.sql.SQLException;

import org.cpmmss.james.plumbing.postgresql.PostgresqlDatabase;
import org.cpmmss.james.store.api.StoreException;

/**
 * Runs units of work on the shared PostgreSQL. A write is one transaction, committed before it returns; with
 * {@code synchronous_commit=on} (checked by {@link PostgresqlDatabase}) the commit returns once PostgreSQL has forced
 * its WAL, so a write that returns is durable. A write that loses a race with another node or thread (deadlock,
 * serialization failure, a duplicate content digest inserted at the same moment) is rolled back and run again.
 */
final class PgTransactor {
    private static final int ATTEMPTS = 10;

    /** One unit of work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final PostgresqlDatabase database;

    PgTransactor(PostgresqlDatabase database) {
        this.database = database;
    }

    <T> T read(Work<T> work) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("metadata read failed: " + e.getMessage(), e);
        }
    }

    <T> T write(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = database.connection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollback(connection);
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && lostARace(e)) {
                    continue;
                }
                throw new StoreException("metadata write failed: " + e.getMessage(), e);
            }
        }
    }

    /** Deadlock, serialization failure, or a unique key another transaction inserted first. */
    private static boolean lostARace(SQLException e) {
        String state = e.getSQLState();
        return "40P01".equals(state) || "40001".equals(state) || "23505".equals(state);
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the pool discards a broken connection
        }
    }
}
