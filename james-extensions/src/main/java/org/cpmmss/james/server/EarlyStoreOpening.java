package org.cpmmss.james.server;

import java.io.File;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Singleton;

import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.cpmmss.james.server.modules.NativeMailboxModule;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.james.store.wiring.StorageSelection;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.util.Modules;

/**
 * Opens the native message store ({@code DATA/mailstore/}, recovery included) on a thread of its own as soon as the run
 * command starts, beside {@link EarlyDatabaseOpening}, and hands it to the server through {@link #module()} in place of
 * {@link NativeMailboxModule}'s own opening: the same directory, the same defaults, the system clock (what the server
 * binds), registered for the close after the stop like any state database. Only when the configuration selects the
 * embedded native store; otherwise, or when the configuration cannot be read here, the server opens what it selects
 * as before (and reports a bad configuration itself).
 *
 * <p>Start time: Guice assembles the modules on one core before it creates the store; opening {@code meta.mv.db} and
 * reading the segments' tails is class loading and I/O that the second core can do meanwhile. Measured alternately
 * with the build before: no reliable difference either way on two cores (docs/benchmarks.md, fifteenth session).</p>
 */
public final class EarlyStoreOpening {
    private final CompletableFuture<EmbeddedStorage> opening;
    private final AtomicBoolean handedOver = new AtomicBoolean();

    private EarlyStoreOpening(CompletableFuture<EmbeddedStorage> opening) {
        this.opening = opening;
    }

    /** Starts opening the store the configuration selects, when it is the embedded native store. */
    public static EarlyStoreOpening start(CpmMssConfiguration configuration) {
        StorageSelection selection;
        try {
            selection = StorageSelection.read(new File(configuration.directories().getConfDirectory()));
        } catch (RuntimeException e) {
            return new EarlyStoreOpening(null); // the server's own reading reports it
        }
        if (selection.postgresqlBackend() || !selection.nativeMailbox()) {
            return new EarlyStoreOpening(null);
        }
        EmbeddedStorage.Settings settings = EmbeddedStorage.Settings.defaults(
            new File(configuration.directories().getVarDirectory(), NativeMailboxModule.STORE_DIRECTORY).toPath());
        CompletableFuture<EmbeddedStorage> opening = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                opening.complete(EmbeddedStorage.open(settings, Clock.systemUTC()));
            } catch (Throwable e) {
                opening.completeExceptionally(e);
            }
        }, "cpm-store-opening");
        thread.setDaemon(true);
        thread.start();
        return new EarlyStoreOpening(opening);
    }

    /** Binds the store being opened here (the server waits for it where it is first needed); empty otherwise. */
    public Module module() {
        if (opening == null) {
            return Modules.EMPTY_MODULE;
        }
        return new AbstractModule() {
            @Provides
            @Singleton
            EmbeddedStorage embeddedStorage(OpenStateDatabases open) {
                handedOver.set(true);
                try {
                    return open.register(opening.join());
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
        };
    }

    /**
     * Closes the store when the server never took it (its start failed before it needed the store); otherwise the
     * server's stop closes it with the state databases.
     */
    public void closeIfNotHandedOver() {
        if (opening == null || handedOver.get()) {
            return;
        }
        opening.thenAccept(EmbeddedStorage::close).exceptionally(e -> null).join();
    }
}
