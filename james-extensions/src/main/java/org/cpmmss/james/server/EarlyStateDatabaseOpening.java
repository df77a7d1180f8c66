package org.cpmmss.james.server;

import java.io.File;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import javax.inject.Singleton;

import org.cpmmss.james.outbound.H2NotificationOutbox;
import org.cpmmss.james.outbound.NotificationOutbox;
import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.cpmmss.james.state.H2DeferredQueue;
import org.cpmmss.james.state.H2ExpiryIndex;
import org.cpmmss.james.state.H2NotificationStateStore;
import org.cpmmss.james.store.wiring.StorageSelection;
import org.cpmmss.recording.port.DeferredQueue;
import org.cpmmss.recording.port.ExpiryIndex;
import org.cpmmss.recording.port.NotificationStateStore;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.util.Modules;

/**
 * Opens four of the embedded state databases ({@code DATA/h2/}: the notification state, the notification outbox, the
 * deferred queue and the expiry index) on a thread of its own as soon as the run command starts, beside
 * {@link EarlyDatabaseOpening} and {@link EarlyStoreOpening}, and hands them to the server through {@link #module()}
 * in place of the modules' own openings: the same files, the same constructors, the system clock (what the server
 * binds); each is registered for the close after the stop when the server first asks for it, as the modules'
 * providers register theirs (the order of the closes is unchanged). Only when the state is embedded (not with the
 * PostgreSQL backend, which binds its own); when the configuration cannot be read here, the server opens them itself.
 *
 * <p>Start time: each opening (H2's database, its schema check) was 6–12 ms of the start's main thread, ~35 ms for
 * the four, work the second core can do while Guice assembles the modules (docs/benchmarks.md).</p>
 */
public final class EarlyStateDatabaseOpening {
    private final List<Opening<?>> openings;

    private EarlyStateDatabaseOpening(List<Opening<?>> openings) {
        this.openings = openings;
    }

    /** Starts opening the four databases of the data directory, when the configuration selects the embedded state. */
    public static EarlyStateDatabaseOpening start(CpmMssConfiguration configuration) {
        StorageSelection selection;
        try {
            selection = StorageSelection.read(new File(configuration.directories().getConfDirectory()));
        } catch (RuntimeException e) {
            return new EarlyStateDatabaseOpening(List.of()); // the server's own reading reports it
        }
        if (selection.postgresqlBackend()) {
            return new EarlyStateDatabaseOpening(List.of());
        }
        File data = new File(configuration.directories().getVarDirectory()).getAbsoluteFile();
        Clock clock = Clock.systemUTC();
        List<Opening<?>> openings = List.of(
            new Opening<>(() -> new H2NotificationStateStore(data)),
            new Opening<>(() -> new H2NotificationOutbox(data)),
            new Opening<>(() -> new H2DeferredQueue(data, clock)),
            new Opening<>(() -> new H2ExpiryIndex(data)));
        Thread thread = new Thread(() -> openings.forEach(Opening::open), "cpm-state-opening");
        thread.setDaemon(true);
        thread.start();
        return new EarlyStateDatabaseOpening(openings);
    }

    /** Binds the databases being opened here (the server waits for each where it is first needed); empty otherwise. */
    public Module module() {
        if (openings.isEmpty()) {
            return Modules.EMPTY_MODULE;
        }
        return new AbstractModule() {
            @Provides
            @Singleton
            NotificationStateStore notificationStateStore(OpenStateDatabases open) {
                return open.register(take(0, H2NotificationStateStore.class));
            }

            @Provides
            @Singleton
            NotificationOutbox notificationOutbox(OpenStateDatabases open) {
                return open.register(take(1, H2NotificationOutbox.class));
            }

            @Provides
            @Singleton
            DeferredQueue deferredQueue(OpenStateDatabases open) {
                return open.register(take(2, H2DeferredQueue.class));
            }

            @Provides
            @Singleton
            ExpiryIndex expiryIndex(OpenStateDatabases open) {
                return open.register(take(3, H2ExpiryIndex.class));
            }
        };
    }

    private <T extends AutoCloseable> T take(int index, Class<T> type) {
        return type.cast(openings.get(index).take());
    }

    /**
     * Closes the databases the server never took (its start failed before it needed them); the server's stop closes
     * the others with the state databases.
     */
    public void closeIfNotHandedOver() {
        openings.forEach(Opening::closeIfNotTaken);
    }

    /** One database: opened on the opening thread, taken once by the server. */
    private static final class Opening<T extends AutoCloseable> {
        private final Supplier<T> opener;
        private final CompletableFuture<T> opened = new CompletableFuture<>();
        private boolean taken;

        Opening(Supplier<T> opener) {
            this.opener = opener;
        }

        void open() {
            try {
                opened.complete(opener.get());
            } catch (Throwable e) {
                opened.completeExceptionally(e);
            }
        }

        synchronized T take() {
            taken = true;
            try {
                return opened.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }

        void closeIfNotTaken() {
            synchronized (this) {
                if (taken) {
                    return;
                }
                taken = true;
            }
            opened.thenAccept(database -> {
                try {
                    database.close();
                } catch (Exception e) {
                    // a start that failed: its own error is the one reported
                }
            }).exceptionally(e -> null).join();
        }
    }
}
