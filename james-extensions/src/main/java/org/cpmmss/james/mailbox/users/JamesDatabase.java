package org.cpmmss.james.mailbox.users;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;

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

    /** A connection pool {@link JamesDatabase} borrows from (and replaces when its database was closed). */
    public interface ConnectionPool extends AutoCloseable {
        Connection connection() throws SQLException;

        @Override
        void close();

        /** A pool over {@code dataSource}; {@code close} closes {@code closing}. */
        static ConnectionPool of(DataSource dataSource, AutoCloseable closing) {
            return new ConnectionPool() {
                @Override
                public Connection connection() throws SQLException {
                    return dataSource.getConnection();
                }

                @Override
                public void close() {
                    try {
                        closing.close();
                    } catch (Exception e) {
                        LOGGER.warn("closing the connections to James's database failed", e);
                    }
                }
            };
        }
    }

    private final Supplier<ConnectionPool> pools;
    private final boolean validated;
    private final boolean soleWriter;
    private volatile ConnectionPool pool;
    /** With {@link #soleWriter}: accounts known to exist (lower-cased names), see {@link #knownAccounts()}. */
    private final KnownAccounts knownAccounts = new KnownAccounts();

    /**
     * Connections from the pools {@code pools} makes (one at a time). {@code validated}: each connection runs
     * {@code SELECT 1} before it is handed out, and when that fails the whole pool is replaced by a new one, which
     * re-opens the database — for H2, which closes the database on a failed write (a full disk) while its connections
     * still claim to be valid, as the cpm state databases do ({@code StateDatabasePool}). Creates the missing tables.
     */
    public JamesDatabase(Supplier<ConnectionPool> pools, boolean validated) {
        this(pools, validated, false);
    }

    /**
     * As {@link #JamesDatabase(Supplier, boolean)}; {@code soleWriter}: no other process can open the database (an
     * embedded H2 file, locked by H2 while this process has it open), so every change of its accounts is made here
     * and the accounts known to exist may be kept in memory ({@link #knownAccounts()}).
     */
    public JamesDatabase(Supplier<ConnectionPool> pools, boolean validated, boolean soleWriter) {
        this.pools = pools;
        this.validated = validated;
        this.soleWriter = soleWriter;
        this.pool = pools.get();
        createMissingTables();
    }

    /**
     * The accounts this process saw in the database, kept while no account is removed: present only when this
     * process is the database's sole writer (a database shared with other nodes is read every time).
     */
    java.util.Optional<KnownAccounts> knownAccounts() {
        return soleWriter ? java.util.Optional.of(knownAccounts) : java.util.Optional.empty();
    }

    /**
     * Names (lower-cased) of accounts read from the database, for the recipient check of every RCPT: a removal counts
     * before and after its delete, and a read that raced with one is not kept, so a removed account is never found
     * here once its removal returned. Bounded: emptied when it holds {@link #CAPACITY} names.
     */
    static final class KnownAccounts {
        static final int CAPACITY = 100_000;
        private final java.util.Set<String> names = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final java.util.concurrent.atomic.AtomicLong removals = new java.util.concurrent.atomic.AtomicLong();

        boolean contains(String lowerCased) {
            return names.contains(lowerCased);
        }

        long removals() {
            return removals.get();
        }

        /** After a read that found the account, begun when {@link #removals()} was {@code seen}. */
        void found(String lowerCased, long seen) {
            if (removals.get() != seen) {
                return;
            }
            if (names.size() >= CAPACITY) {
                names.clear();
            }
            names.add(lowerCased);
            if (removals.get() != seen) { // a removal began meanwhile: forget it, the next check reads again
                names.remove(lowerCased);
            }
        }

        /** Around the removal of an account: before its delete and again after it, whatever its outcome. */
        void removing(String lowerCased) {
            removals.incrementAndGet();
            names.remove(lowerCased);
        }
    }

    /** A live connection in auto-commit mode; the caller closes it. */
    public Connection connection() throws SQLException {
        ConnectionPool current = pool;
        if (!validated) {
            return current.connection();
        }
        try {
            Connection connection = current.connection();
            if (alive(connection)) {
                return connection;
            }
        } catch (SQLException dead) {
            // a pooled connection on a closed database can fail as it is handed out: replaced below
        }
        replace(current);
        return pool.connection();
    }

    private synchronized void replace(ConnectionPool dead) {
        if (pool == dead) {
            pool = pools.get();
            dead.close();
        }
    }

    private static boolean alive(Connection connection) {
        try (Statement probe = connection.createStatement()) {
            probe.execute("SELECT 1");
            return true;
        } catch (SQLException dead) {
            try {
                connection.close();
            } catch (SQLException e) {
                // on a closed database
            }
            return false;
        }
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
    public synchronized void close() {
        pool.close();
    }
}
