package org.cpmmss.james.server;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.activemq.store.PersistenceAdapter;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.queue.activemq.EmbeddedActiveMQ;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.cpmmss.james.server.modules.ActiveMQMailQueueModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;

/**
 * Starts the spool's embedded ActiveMQ broker (KahaDB under {@code DATA/store/activemq}, its journal replayed) on a
 * thread of its own as soon as the run command starts, beside {@link EarlyDatabaseOpening}, and hands it to the
 * server through {@link #module()} in place of the broker Guice would make where the queue is first needed: James's
 * own {@link EmbeddedActiveMQ} (made through its constructor, as Guice makes it), on the same directory (a
 * {@link FileSystemImpl} of the server's directories, as James binds it), with the same KahaDB settings
 * ({@link ActiveMQMailQueueModule#kahaDB()}). It is stopped by the server's stop at the same point as before:
 * {@link Stop}, made by Guice where the broker is first needed, carries the broker's {@code @PreDestroy} (James stops
 * what Guice made, last made first stopped). A broker the server never took is stopped by the run command's stop.
 *
 * <p>Start time: the broker's start (KahaDB's recovery, the broker's services) was ~55 ms of the start's main thread
 * (docs/benchmarks.md), which the second core can do while Guice assembles the modules. A broker that cannot start
 * (its directory locked by another process, say) fails the server's start where it first needs the queue, with the
 * same exception as before.</p>
 */
public final class EarlyBrokerStart {
    private static final Logger LOGGER = LoggerFactory.getLogger(EarlyBrokerStart.class);
    /** How long a stop waits for a broker still starting (see {@link #stopIfNotHandedOver()}). */
    static final long STOP_WAIT_SECONDS = 10;
    private final CompletableFuture<Started> starting;
    private boolean taken;

    private record Started(EmbeddedActiveMQ broker, KahaDBPersistenceAdapter kahaDB) {
    }

    private EarlyBrokerStart(CompletableFuture<Started> starting) {
        this.starting = starting;
    }

    /** Starts the broker of the data directory (the caller has set ActiveMQ's system properties before). */
    public static EarlyBrokerStart start(CpmMssConfiguration configuration) {
        CompletableFuture<Started> starting = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                KahaDBPersistenceAdapter kahaDB = ActiveMQMailQueueModule.kahaDB();
                FileSystem fileSystem = new FileSystemImpl(configuration.directories());
                starting.complete(new Started(jamesBroker(fileSystem, kahaDB), kahaDB));
            } catch (Throwable e) {
                starting.completeExceptionally(e);
            }
        }, "cpm-broker-start");
        thread.setDaemon(true);
        thread.start();
        return new EarlyBrokerStart(starting);
    }

    /** James's broker through its injectable constructor, as Guice calls it. */
    private static EmbeddedActiveMQ jamesBroker(FileSystem fileSystem, PersistenceAdapter kahaDB) throws Exception {
        Constructor<EmbeddedActiveMQ> constructor =
            EmbeddedActiveMQ.class.getDeclaredConstructor(FileSystem.class, PersistenceAdapter.class);
        constructor.setAccessible(true);
        try {
            return constructor.newInstance(fileSystem, kahaDB);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Binds the broker started here and its KahaDB store in place of those Guice would make. */
    public Module module() {
        EarlyBrokerStart early = this;
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(EarlyBrokerStart.class).toInstance(early);
            }

            @Provides
            @Singleton
            EmbeddedActiveMQ broker(Stop stop) {
                return stop.broker;
            }

            @Provides
            @Singleton
            KahaDBPersistenceAdapter kahaDB(Stop stop) {
                return stop.kahaDB;
            }
        };
    }

    private synchronized Started take() {
        taken = true;
        try {
            return starting.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Stops the broker when the server never took it (its start failed before it needed the queue). */
    public void stopIfNotHandedOver() {
        synchronized (this) {
            if (taken) {
                return;
            }
            taken = true;
        }
        try {
            starting.thenAccept(started -> {
                try {
                    started.broker().stop();
                } catch (Exception e) {
                    // a start that failed: its own error is the one reported
                }
            }).exceptionally(e -> null).get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // still starting: KahaDB waits for a lock another process holds; the process's end releases what it has
            LOGGER.warn("The spool's broker was still starting after {} s (its store locked by another process?):"
                + " not stopped", STOP_WAIT_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // exceptionally() above leaves none
        }
    }

    /** Made by Guice where the broker is first needed: the server's stop stops the broker through it. */
    @Singleton
    public static final class Stop {
        private final EmbeddedActiveMQ broker;
        private final KahaDBPersistenceAdapter kahaDB;

        @Inject
        public Stop(EarlyBrokerStart early) {
            Started started = early.take();
            this.broker = started.broker();
            this.kahaDB = started.kahaDB();
        }

        @PreDestroy
        public void stop() throws Exception {
            broker.stop();
        }
    }
}
