package org.cpmmss.james.server;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.persistence.EntityManagerFactory;

import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.PropertiesProvider;
import org.cpmmss.james.plumbing.postgresql.PostgresqlSettings;
import org.cpmmss.james.server.modules.H2DatabaseModule;
import org.cpmmss.james.server.modules.PostgresqlJamesDatabaseModule;
import org.cpmmss.james.store.wiring.StorageSelection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provider;
import com.google.inject.Singleton;

/**
 * Opens James's JPA persistence unit (OpenJPA, the H2 file, the schema check) on a thread of its own as soon as the
 * run command starts, and hands it to the server through {@link #module()}.
 *
 * <p>With {@code storage.backend=postgresql} the unit opens on the shared PostgreSQL instead
 * ({@link PostgresqlJamesDatabaseModule}).</p>
 *
 * <p>Start time: Guice takes about a second to assemble cpm-mss's modules on one core before it creates the first
 * object, and the database took about 0.8 s more once asked for; started together, both use the second core. The
 * outcome is the one of {@link H2DatabaseModule}: the same configuration file, and a failure to open stops the start
 * with its cause.</p>
 */
public final class EarlyDatabaseOpening {
    private static final Logger LOGGER = LoggerFactory.getLogger(EarlyDatabaseOpening.class);
    private final PropertiesProvider properties;
    private final CompletableFuture<EntityManagerFactory> opening;

    private final boolean postgresql;

    private EarlyDatabaseOpening(PropertiesProvider properties, CompletableFuture<EntityManagerFactory> opening,
                                 boolean postgresql) {
        this.postgresql = postgresql;
        this.properties = properties;
        this.opening = opening;
    }

    /** Starts opening the database described by the configuration's {@code james-database.properties}. */
    public static EarlyDatabaseOpening start(CpmMssConfiguration configuration) {
        PropertiesProvider properties = new PropertiesProvider(new FileSystemImpl(configuration.directories()),
            configuration.configurationPath());
        CompletableFuture<EntityManagerFactory> opening = new CompletableFuture<>();
        Optional<PostgresqlSettings> postgresql =
            StorageSelection.read(new java.io.File(configuration.directories().getConfDirectory())).postgresql();
        Thread thread = new Thread(() -> {
            try {
                EntityManagerFactory factory;
                if (postgresql.isPresent()) {
                    // storage.backend=postgresql: users and domains on the shared database (docs/scale-out.md)
                    factory = PostgresqlJamesDatabaseModule.open(postgresql.get());
                } else {
                    factory = H2DatabaseModule.open(properties);
                    // the first entity manager connects and checks the schema: the slow part
                    factory.createEntityManager().close();
                }
                opening.complete(factory);
            } catch (Throwable e) {
                opening.completeExceptionally(e);
            }
        }, "cpm-database-opening");
        thread.setDaemon(true);
        thread.start();
        return new EarlyDatabaseOpening(properties, opening, postgresql.isPresent());
    }

    /** Binds {@link EntityManagerFactory} to the one being opened (the server waits for it where it is first needed). */
    public Module module() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(EntityManagerFactory.class).toProvider(new Provider<EntityManagerFactory>() {
                    @Override
                    public EntityManagerFactory get() {
                        return await();
                    }
                }).in(Singleton.class);
            }
        };
    }

    /**
     * Closes the database once the server has stopped (nothing uses it any more): OpenJPA closes its connection pool,
     * then {@link H2DatabaseModule#shutDown} closes the H2 file and rewrites it to the size of its live data
     * (james-database.properties: {@code DB_CLOSE_DELAY=-1} keeps it open when its last connection closes).
     */
    public void close() {
        if (opening.isDone() && !opening.isCompletedExceptionally()) {
            EntityManagerFactory factory = opening.join();
            if (factory.isOpen()) {
                factory.close();
            }
            if (postgresql) {
                LOGGER.info("closed James's database");
                return;
            }
            try {
                H2DatabaseModule.shutDown(properties);
                LOGGER.info("closed James's database");
            } catch (Exception e) {
                LOGGER.warn("closing James's database failed (the next start recovers it from its file)", e);
            }
        }
    }

    private EntityManagerFactory await() {
        try {
            return opening.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException("the database did not open", cause);
        }
    }
}
