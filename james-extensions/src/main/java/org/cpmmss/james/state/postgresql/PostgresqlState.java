package org.cpmmss.james.state.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.cpmmss.james.plumbing.postgresql.PostgresqlDatabase;

/**
 * The project's own state schema on the shared PostgreSQL ({@code storage.backend=postgresql}, docs/scale-out.md),
 * migrated once at start ({@value #LOCATION}, history table {@value #HISTORY_TABLE}), and the few JDBC helpers its
 * repositories share: one statement in auto-commit, or several in one transaction. Every commit returns after
 * PostgreSQL forced it ({@code synchronous_commit=on}, checked by {@link PostgresqlDatabase}).
 */
public final class PostgresqlState {
    public static final String LOCATION = "db/postgresql/state";
    public static final String HISTORY_TABLE = "cpm_state_schema_history";
    static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    private PostgresqlState(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The state schema brought to its newest version (safe when several nodes start at once). */
    public static PostgresqlState migrated(PostgresqlDatabase database) {
        database.migrate(LOCATION, HISTORY_TABLE);
        return new PostgresqlState(database.dataSource());
    }

    /** The node's pool (for a repository of the schema that lives beside its own door, e.g. the HTTP sessions). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Binds a statement's parameters. */
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads one row. */
    interface Reader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Work done on one connection inside one transaction. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    static Binder parameters(Object... values) {
        return statement -> {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
        };
    }

    /** One statement in its own transaction; the number of rows it changed. */
    int update(String sql, Binder binder) {
        return transaction(connection -> update(connection, sql, binder));
    }

    /** One query (or {@code ... RETURNING}) in its own transaction; every row read. */
    <T> List<T> query(String sql, Binder binder, Reader<T> reader) {
        return transaction(connection -> query(connection, sql, binder, reader));
    }

    <T> Optional<T> first(String sql, Binder binder, Reader<T> reader) {
        return query(sql, binder, reader).stream().findFirst();
    }

    static int update(Connection connection, String sql, Binder binder) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        }
    }

    static <T> List<T> query(Connection connection, String sql, Binder binder, Reader<T> reader) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            List<T> rows = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(reader.read(row));
                }
            }
            return rows;
        }
    }

    /** Runs the work in one transaction: committed when it returns, rolled back when it throws. */
    <T> T transaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cpm state on PostgreSQL: " + e.getMessage(), e);
        }
    }
}
