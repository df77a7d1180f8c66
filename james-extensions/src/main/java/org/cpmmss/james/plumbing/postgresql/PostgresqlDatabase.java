package org.cpmmss.james.plumbing.postgresql;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The node's connection to the shared PostgreSQL of {@code storage.backend=postgresql} (docs/scale-out.md): one
 * connection pool of {@code storage.postgresql.pool-size} connections for every PostgreSQL store of the node, and the
 * versioned schema migrations each store runs at start. Commits are durable as PostgreSQL makes them
 * ({@code synchronous_commit=on}, the server's default: the WAL is forced before the commit returns); the pool refuses
 * a server where that setting is off.
 */
public final class PostgresqlDatabase implements AutoCloseable {
    private final HikariDataSource pool;
    private final PostgresqlSettings settings;

    public PostgresqlDatabase(PostgresqlSettings settings) {
        this.settings = settings;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setPoolName("cpm-mss-postgresql");
        config.setAutoCommit(true);
        config.setConnectionTimeout(30_000);
        config.setInitializationFailTimeout(30_000);
        this.pool = new HikariDataSource(config);
        requireDurableCommits();
    }

    public DataSource dataSource() {
        return pool;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * Brings one component's schema to its newest version: the SQL migrations under {@code classpath:location}
     * ({@code V1__name.sql}, ...), recorded in the component's own history table. Flyway holds a PostgreSQL advisory
     * lock while it migrates, so nodes starting at once migrate one after the other.
     */
    public void migrate(String location, String historyTable) {
        // Flyway's own lock covers the migrations but not the creation of a component's history table in a schema
        // other components already use (baselineOnMigrate): two nodes starting at once both tried to baseline it.
        // One session-level advisory lock, held on a connection of its own, puts whole migrations in a row.
        // (outside the pool: Flyway takes pool connections meanwhile, and a pool may hold a single one)
        try (Connection guard = java.sql.DriverManager.getConnection(settings.url(), settings.user(),
            settings.password())) {
            try (var lock = guard.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, MIGRATION_LOCK);
                lock.execute();
            }
            try {
                runMigrations(location, historyTable);
            } finally {
                try (var unlock = guard.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, MIGRATION_LOCK);
                    unlock.execute();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot migrate the PostgreSQL schema " + location + ": " + e.getMessage(),
                e);
        }
    }

    /** The advisory lock key of schema migrations ("cpm-mss" in ASCII). */
    private static final long MIGRATION_LOCK = 0x63706d2d6d7373L;

    private void runMigrations(String location, String historyTable) {
        try {
            Flyway.configure()
                .dataSource(pool)
                .locations("classpath:" + location)
                .table(historyTable)
                // several components share the schema, each with its own history table: a component migrating after
                // another found the schema non-empty; its history then starts below its V1 and every migration runs
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .validateMigrationNaming(true)
                .load()
                .migrate();
        } catch (FlywayException e) {
            throw new IllegalStateException("cannot migrate the PostgreSQL schema " + location + ": " + e.getMessage(),
                e);
        }
    }

    private void requireDurableCommits() {
        try (Connection connection = pool.getConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT current_setting('synchronous_commit'), current_setting('fsync')")) {
            rows.next();
            if ("off".equals(rows.getString(1)) || "off".equals(rows.getString(2))) {
                throw new IllegalStateException("the PostgreSQL server runs with synchronous_commit=" + rows.getString(1)
                    + " and fsync=" + rows.getString(2) + ": cpm-mss acknowledges only forced writes and needs both on");
            }
        } catch (SQLException e) {
            pool.close();
            throw new IllegalStateException("cannot reach PostgreSQL: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
