package org.cpmmss.james.mailbox.users;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * James's database (accounts, domains, recipient rewrites, the known mail repositories) as plain JDBC: the tables
 * and columns James's JPA entities use ({@code JAMES_USER}, {@code JAMES_DOMAIN}, {@code JAMES_RECIPIENT_REWRITE},
 * {@code JAMES_MAIL_REPOS}), so a data directory written through OpenJPA keeps working and OpenJPA, when something
 * still opens it (the JPA mailbox), finds its own tables. Missing tables are created in that layout when it opens.
 *
 * <p>Why not OpenJPA: opening its persistence unit was about a quarter of the server's start (docs/benchmarks.md,
 * issue 22), and a user lookup through it costs an entity manager, a JPQL query and an entity per call (issue 27).</p>
 */
public final class JamesDatabase implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(JamesDatabase.class);
    private static final String[] TABLES = {
        "CREATE TABLE IF NOT EXISTS JAMES_USER (USER_NAME VARCHAR(100) NOT NULL, PASSWORD VARCHAR(128) NOT NULL,"
            + " PASSWORD_HASH_ALGORITHM VARCHAR(100) NOT NULL, VERSION INTEGER, PRIMARY KEY (USER_NAME))",
        "CREATE TABLE IF NOT EXISTS JAMES_DOMAIN (DOMAIN_NAME VARCHAR(100) NOT NULL, PRIMARY KEY (DOMAIN_NAME))",
        "CREATE TABLE IF NOT EXISTS JAMES_RECIPIENT_REWRITE (DOMAIN_NAME VARCHAR(100) NOT NULL,"
            + " USER_NAME VARCHAR(100) NOT NULL, TARGET_ADDRESS VARCHAR(100) NOT NULL, PRIMARY KEY (DOMAIN_NAME, USER_NAME))",
        "CREATE TABLE IF NOT EXISTS JAMES_MAIL_REPOS (MAIL_REPO_NAME VARCHAR(255) NOT NULL, PRIMARY KEY (MAIL_REPO_NAME))"
    };

    private final DataSource dataSource;
    private final AutoCloseable pool;

    /**
     * {@code dataSource}: connections to the database; {@code pool}: what {@link #close()} closes (the pool behind it,
     * or nothing). Creates the missing tables.
     */
    public JamesDatabase(DataSource dataSource, AutoCloseable pool) {
        this.dataSource = dataSource;
        this.pool = pool;
        createMissingTables();
    }

    /** A connection in auto-commit mode; the caller closes it. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    private void createMissingTables() {
        try (Connection connection = connection(); Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                statement.execute(table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open James's database: " + e.getMessage(), e);
        }
    }

    /** Closes the connections (the database itself, an H2 file, is shut down by its owner). */
    @Override
    public void close() {
        try {
            pool.close();
        } catch (Exception e) {
            LOGGER.warn("closing the connections to James's database failed", e);
        }
    }
}
