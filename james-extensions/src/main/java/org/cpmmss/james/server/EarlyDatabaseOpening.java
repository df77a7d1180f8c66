package org.cpmmss.james.server;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.persistence.EntityManagerFactory;

import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.PropertiesProvider;
import org.cpmmss.james.mailbox.users.JamesDatabase;
import org.cpmmss.james.plumbing.postgresql.PostgresqlSettings;
import org.cpmmss.james.server.modules.H2DatabaseModule;
import org.cpmmss.james.server.modules.LazyEntityManagerFactory;
import org.cpmmss.james.server.modules.PostgresqlJamesDatabaseModule;
import org.cpmmss.james.store.wiring.StorageSelection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provider;
import com.google.inject.Singleton;

/**
 * Opens James's database on a thread of its own as soon as the run command starts, and hands it to the server through
 * {@link #module()}: the plain JDBC side ({@link JamesDatabase}: accounts, domains, rewrites; the H2 file, or the
 * shared PostgreSQL with {@code storage.backend=postgresql}, {@link PostgresqlJamesDatabaseModule}) always, and
 * James's JPA persistence unit (OpenJPA) only when the JPA mailbox is selected: otherwise nothing needs it at start and
 * it opens on first use ({@link LazyEntityManagerFactory}).
 *
 * <p>Start time: Guice takes about a second to assemble cpm-mss's modules on one core before it creates the first
 * object; the database opens meanwhile on the second core. The outcome is the one of {@link H2DatabaseModule}: the
 * same configuration file, and a failure to open stops the start with its cause.</p>
 */
public final class EarlyDatabaseOpening {
    private static final Logger LOGGER = LoggerFactory.getLogger(EarlyDatabaseOpening.class);
    private final PropertiesProvider properties;
    private final CompletableFuture<JamesDatabase> opening;
    private final EntityManagerFactory jpa;
    private final boolean postgresql;

    private EarlyDatabaseOpening(PropertiesProvider properties, CompletableFuture<JamesDatabase> opening,
                                 EntityManagerFactory jpa, boolean postgresql) {
        this.properties = properties;
        this.opening = opening;
        this.jpa = jpa;
        this.postgresql = postgresql;
    }

    /** Starts opening the database described by the configuration's {@code james-database.properties}. */
    public static EarlyDatabaseOpening start(CpmMssConfiguration configuration) {
        PropertiesProvider properties = new PropertiesProvider(new FileSystemImpl(configuration.directories()),
            configuration.configurationPath());
        StorageSelection selection = StorageSelection.read(new java.io.File(configuration.directories().getConfDirectory()));
        Optional<PostgresqlSettings> postgresql = selection.postgresql();
        boolean jpaMailbox = !postgresql.isPresent() && !selection.nativeMailbox();
        CompletableFuture<EntityManagerFactory> jpaOpening = new CompletableFuture<>();
        // with the JPA mailbox the opening thread opens it (its first user waits); else its first user opens it
        EntityManagerFactory jpa = LazyEntityManagerFactory.of(() -> await(jpaOpening,
            jpaMailbox ? null : () -> openJpa(properties, postgresql)));
        CompletableFuture<JamesDatabase> opening = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                opening.complete(postgresql.isPresent() ? PostgresqlJamesDatabaseModule.openJdbc(postgresql.get())
                    : H2DatabaseModule.openJdbc(properties));
            } catch (Throwable e) {
                opening.completeExceptionally(e);
            }
            if (jpaMailbox) {
                // the JPA mailbox needs OpenJPA at start: opened here too, beside Guice's assembly
                try {
                    jpaOpening.complete(openJpa(properties, postgresql));
                } catch (Throwable e) {
                    jpaOpening.completeExceptionally(e);
                }
            }
        }, "cpm-database-opening");
        thread.setDaemon(true);
        thread.start();
        return new EarlyDatabaseOpening(properties, opening, jpa, postgresql.isPresent());
    }

    private static EntityManagerFactory openJpa(PropertiesProvider properties, Optional<PostgresqlSettings> postgresql) {
        if (postgresql.isPresent()) {
            // storage.backend=postgresql: users and domains on the shared database (docs/scale-out.md)
            return PostgresqlJamesDatabaseModule.open(postgresql.get());
        }
        try {
            EntityManagerFactory factory = H2DatabaseModule.open(properties);
            // the first entity manager connects and checks the schema: the slow part
            factory.createEntityManager().close();
            return factory;
        } catch (Exception e) {
            throw new IllegalStateException("cannot open James's database: " + e.getMessage(), e);
        }
    }

    /**
     * Binds {@link JamesDatabase} to the one being opened and {@link EntityManagerFactory} to James's persistence unit
     * opened on first use (the server waits for either where it is first needed).
     */
    public Module module() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(JamesDatabase.class).toProvider(new Provider<JamesDatabase>() {
                    @Override
                    public JamesDatabase get() {
                        return await(opening, null);
                    }
                }).in(Singleton.class);
                bind(EntityManagerFactory.class).toInstance(jpa);
            }
        };
    }

    /**
     * Closes the database once the server has stopped (nothing uses it any more): OpenJPA, when it was opened, closes
     * its connection pool, the JDBC pool is closed, then {@link H2DatabaseModule#shutDown} closes the H2 file and
     * rewrites it to the size of its live data (james-database.properties: {@code DB_CLOSE_DELAY=-1} keeps it open
     * when its last connection closes).
     */
    public void close() {
        if (LazyEntityManagerFactory.opened(jpa) && jpa.isOpen()) {
            jpa.close();
        }
        if (!opening.isDone() || opening.isCompletedExceptionally()) {
            return;
        }
        opening.join().close();
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

    private static <T> T await(CompletableFuture<T> future, java.util.function.Supplier<T> ifNotStarted) {
        if (ifNotStarted != null && !future.isDone()) {
            // not opened early (not the JPA mailbox): opened now, by its first user
            synchronized (future) {
                if (!future.isDone()) {
                    try {
                        future.complete(ifNotStarted.get());
                    } catch (RuntimeException e) {
                        future.completeExceptionally(e);
                    }
                }
            }
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException("the database did not open", cause);
        }
    }
}
