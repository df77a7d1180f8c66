package org.cpmmss.james.server.modules;

import java.io.FileNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.StringJoiner;

import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.cpmmss.james.mailbox.users.JamesDatabase;
import org.cpmmss.james.plumbing.ForcedWritesFileSystem;
import org.cpmmss.james.plumbing.ReopenableFileSystem;

import org.h2.jdbcx.JdbcConnectionPool;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * James's database, the embedded H2 file database described by {@code conf/james-database.properties}: as plain JDBC
 * ({@link JamesDatabase}: accounts, domains, rewrites, mail repository names) and as the one JPA persistence unit of
 * cpm-mss, opened on first use ({@link LazyEntityManagerFactory}: the JPA mailbox, {@code jpa://} repositories).
 *
 * <p>Keys: {@code database.driverClassName}, {@code database.url}, optional {@code database.username} and
 * {@code database.password}; every {@code openjpa.*} key goes to OpenJPA verbatim; every
 * {@code datasource.*} key goes, without its prefix, to the DBCP connection pool.</p>
 */
public class H2DatabaseModule extends AbstractModule {
    static final String PERSISTENCE_UNIT = "Global";
    private static final String CONFIGURATION_FILE = "james-database";

    @Provides
    @Singleton
    EntityManagerFactory provideEntityManagerFactory(PropertiesProvider propertiesProvider) {
        return LazyEntityManagerFactory.of(() -> {
            try {
                return open(propertiesProvider);
            } catch (FileNotFoundException | ConfigurationException e) {
                throw new IllegalStateException("cannot open James's database: " + e.getMessage(), e);
            }
        });
    }

    @Provides
    @Singleton
    JamesDatabase provideJamesDatabase(PropertiesProvider propertiesProvider)
            throws FileNotFoundException, ConfigurationException {
        return openJdbc(propertiesProvider);
    }

    /**
     * James's database of {@code james-database.properties} as plain JDBC ({@link JamesDatabase}: accounts, domains,
     * rewrites), without OpenJPA: an H2 connection pool for an H2 URL, else a HikariCP pool; at most
     * {@code datasource.maxTotal} connections (default 16), each checked with {@code SELECT 1} when handed out (a
     * failed check replaces the pool: after a full disk the database re-opens without a restart).
     */
    public static JamesDatabase openJdbc(PropertiesProvider propertiesProvider)
            throws FileNotFoundException, ConfigurationException {
        Configuration database = propertiesProvider.getConfiguration(CONFIGURATION_FILE);
        String url = required(database, "database.url");
        String username = database.getString("database.username", "");
        String password = username.isBlank() ? "" : database.getString("database.password", "");
        int maxConnections = database.getInt("datasource.maxTotal", 16);
        if (url.startsWith("jdbc:h2:")) {
            ReopenableFileSystem.install();
            ForcedWritesFileSystem.install();
            // validated: after a full disk H2 closes the database, and a new pool re-opens it once space returns
            return new JamesDatabase(() -> {
                JdbcConnectionPool pool = JdbcConnectionPool.create(url, username, password);
                pool.setMaxConnections(maxConnections);
                return JamesDatabase.ConnectionPool.of(pool, pool::dispose);
            }, true, soleWriter(url));
        }
        HikariConfig config = new HikariConfig();
        config.setDriverClassName(required(database, "database.driverClassName"));
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(1);
        config.setPoolName("cpm-mss-james-database");
        return new JamesDatabase(() -> {
            HikariDataSource pool = new HikariDataSource(config);
            return JamesDatabase.ConnectionPool.of(pool, pool);
        }, true);
    }

    /**
     * Whether an H2 URL names a database only this process can open: an embedded one (a file H2 locks while it is
     * open, or memory), not a server's ({@code tcp:}, {@code ssl:}), not one other processes may join
     * ({@code AUTO_SERVER=TRUE}) or open beside it ({@code FILE_LOCK=NO}).
     */
    static boolean soleWriter(String url) {
        String[] parts = url.substring("jdbc:h2:".length()).toLowerCase(java.util.Locale.ROOT).split(";");
        if (parts[0].startsWith("tcp:") || parts[0].startsWith("ssl:")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String setting = parts[i].replace(" ", "");
            if (setting.equals("auto_server=true") || setting.equals("file_lock=no")) {
                return false;
            }
        }
        return true;
    }

    /** Opens the persistence unit described by {@code james-database.properties} (also used before Guice runs). */
    public static EntityManagerFactory open(PropertiesProvider propertiesProvider)
            throws FileNotFoundException, ConfigurationException {
        Configuration database = propertiesProvider.getConfiguration(CONFIGURATION_FILE);
        Map<String, String> properties = new HashMap<>();
        properties.put("openjpa.ConnectionDriverName", required(database, "database.driverClassName"));
        properties.put("openjpa.ConnectionURL", required(database, "database.url"));
        String username = database.getString("database.username", "");
        if (!username.isBlank()) {
            properties.put("openjpa.ConnectionUserName", username);
            properties.put("openjpa.ConnectionPassword", database.getString("database.password", ""));
        }
        StringJoiner pool = new StringJoiner(",");
        for (Iterator<String> keys = database.getKeys("datasource"); keys.hasNext(); ) {
            String key = keys.next();
            pool.add(key.substring("datasource.".length()) + "=" + database.getString(key));
        }
        if (pool.length() > 0) {
            properties.put("openjpa.ConnectionProperties", pool.toString());
        }
        for (Iterator<String> keys = database.getKeys("openjpa"); keys.hasNext(); ) {
            String key = keys.next();
            properties.put(key, database.getString(key));
        }
        properties.putIfAbsent("openjpa.Multithreaded", "true");
        ReopenableFileSystem.install();
        ForcedWritesFileSystem.install();
        return Persistence.createEntityManagerFactory(PERSISTENCE_UNIT, properties);
    }

    /**
     * Closes the H2 database of {@code james-database.properties} with {@code SHUTDOWN COMPACT}, once nothing uses it
     * any more (after its {@link EntityManagerFactory} was closed), and releases the file. Needed because the shipped
     * URL keeps the database open when its last connection closes ({@code DB_CLOSE_DELAY=-1}); does nothing for
     * another database.
     *
     * <p>Why a full compaction: with {@code WRITE_DELAY=0} H2 never rewrites partly-dead chunks while it runs, and
     * almost all of the file is dead space after sustained ingestion (after a 30-minute soak: 3,715 MiB holding 23 MiB
     * of live data, 72,000 messages). {@code MAX_COMPACT_TIME}'s time-bounded compaction freed little of that;
     * {@code SHUTDOWN COMPACT} copies the live data into a new file (5.4 s there) and replaces the old one with an
     * atomic move, so a kill during it leaves the old file intact.</p>
     */
    public static void shutDown(PropertiesProvider propertiesProvider)
            throws FileNotFoundException, ConfigurationException, SQLException {
        Configuration database = propertiesProvider.getConfiguration(CONFIGURATION_FILE);
        String url = required(database, "database.url");
        if (!url.startsWith("jdbc:h2:")) {
            return;
        }
        String username = database.getString("database.username", "");
        String password = username.isBlank() ? "" : database.getString("database.password", "");
        // IFEXISTS: never creates a database where there was none
        try (Connection connection = DriverManager.getConnection(url + ";IFEXISTS=TRUE", username, password);
             Statement shutdown = connection.createStatement()) {
            shutdown.execute("SHUTDOWN COMPACT");
        }
    }

    private static String required(Configuration configuration, String key) throws ConfigurationException {
        String value = configuration.getString(key, null);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(CONFIGURATION_FILE + ".properties must set " + key);
        }
        return value;
    }
}
