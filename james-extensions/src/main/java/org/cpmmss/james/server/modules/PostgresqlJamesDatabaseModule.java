package org.cpmmss.james.server.modules;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.cpmmss.james.mailbox.users.JamesDatabase;
import org.cpmmss.james.plumbing.postgresql.PostgresqlSettings;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * With {@code storage.backend=postgresql}: James's JPA persistence unit (domains, users, recipient rewrites, the
 * {@code jpa://} mail repositories) on the shared PostgreSQL of {@code conf/storage.properties} instead of the H2 file
 * of {@code conf/james-database.properties}, so a user or domain created through one node is known to every node.
 * OpenJPA with its PostgreSQL dictionary creates the missing tables at start ({@code SynchronizeMappings}, as on H2);
 * two nodes starting at once do that one after the other, under a PostgreSQL advisory lock. The unit opens on first
 * use ({@link LazyEntityManagerFactory}); accounts, domains and rewrites are read and written as plain JDBC
 * ({@link JamesDatabase}).
 */
public class PostgresqlJamesDatabaseModule extends AbstractModule {
    /** The advisory lock key held while OpenJPA builds the schema ("cpm-jpa"). */
    static final long SCHEMA_LOCK = 0x63706d2d6a7061L;

    private final PostgresqlSettings settings;

    public PostgresqlJamesDatabaseModule(PostgresqlSettings settings) {
        this.settings = settings;
    }

    @Provides
    @Singleton
    EntityManagerFactory entityManagerFactory() {
        return LazyEntityManagerFactory.of(() -> open(settings));
    }

    @Provides
    @Singleton
    JamesDatabase jamesDatabase() {
        return openJdbc(settings);
    }

    /**
     * James's tables on the shared PostgreSQL as plain JDBC ({@link JamesDatabase}), a pool of its own of up to 4
     * connections; the missing tables are created under the same advisory lock as OpenJPA's schema.
     */
    public static JamesDatabase openJdbc(PostgresqlSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setPoolName("cpm-mss-james-database");
        HikariDataSource pool = new HikariDataSource(config);
        JamesDatabase.ConnectionPool connections = JamesDatabase.ConnectionPool.of(pool, pool);
        try (Connection lock = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement statement = lock.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + SCHEMA_LOCK + ")");
            try {
                // HikariCP checks PostgreSQL connections itself (Connection.isValid is a real round trip there)
                return new JamesDatabase(() -> connections, false);
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + SCHEMA_LOCK + ")");
            }
        } catch (SQLException e) {
            pool.close();
            throw new IllegalStateException("cannot open James's database on PostgreSQL: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Opens the persistence unit on PostgreSQL, its schema created or checked (also used before Guice runs). */
    public static EntityManagerFactory open(PostgresqlSettings settings) {
        Map<String, String> properties = new HashMap<>();
        properties.put("openjpa.ConnectionDriverName", "org.postgresql.Driver");
        properties.put("openjpa.ConnectionURL", settings.url());
        properties.put("openjpa.ConnectionUserName", settings.user());
        properties.put("openjpa.ConnectionPassword", settings.password());
        properties.put("openjpa.ConnectionProperties", "maxTotal=" + settings.poolSize()
            + ",testOnBorrow=true,validationQuery=SELECT 1");
        properties.put("openjpa.jdbc.DBDictionary", "postgres");
        properties.put("openjpa.jdbc.SchemaFactory", "dynamic");
        properties.put("openjpa.Multithreaded", "true");
        EntityManagerFactory factory = Persistence.createEntityManagerFactory(H2DatabaseModule.PERSISTENCE_UNIT, properties);
        try (Connection lock = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement statement = lock.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + SCHEMA_LOCK + ")");
            try {
                // the first entity manager makes OpenJPA create the missing tables
                factory.createEntityManager().close();
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + SCHEMA_LOCK + ")");
            }
        } catch (SQLException e) {
            factory.close();
            throw new IllegalStateException("cannot open James's database on PostgreSQL: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            factory.close();
            throw e;
        }
        return factory;
    }
}
