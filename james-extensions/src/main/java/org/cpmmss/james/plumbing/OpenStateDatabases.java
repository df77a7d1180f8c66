package org.cpmmss.james.plumbing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import javax.inject.Singleton;

import org.apache.james.utils.GuiceProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cpm state databases this server opened, closed by the run command once the whole server has stopped
 * ({@code CpmMssMain}), side by side: each on a thread of its own, so a stop waits for the slowest close, not for
 * their sum (each one's close-time compaction is bounded, {@link StateDatabases}).
 *
 * <p>Why not {@code @PreDestroy}: James's lifecycle calls it only on objects Guice constructs, never on what a
 * {@code @Provides} method returns (the state stores were never closed); and a stop stage would close them while
 * James's spooler may still be processing mail that needs them (seen: spooled mail moved to the error repository
 * with "Connection pool has been disposed").</p>
 */
@Singleton
public class OpenStateDatabases implements GuiceProbe {
    private static final Logger LOGGER = LoggerFactory.getLogger(OpenStateDatabases.class);
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private final Deque<AutoCloseable> shared = new ArrayDeque<>();

    /** Remembers {@code database} to be closed after the server stopped; returns it. */
    public synchronized <T extends AutoCloseable> T register(T database) {
        open.push(database);
        return database;
    }

    /**
     * Remembers {@code database}, which other registered databases use (a connection pool they borrow from), to be
     * closed once all of those are closed; returns it.
     */
    public synchronized <T extends AutoCloseable> T registerShared(T database) {
        shared.push(database);
        return database;
    }

    /**
     * Closes every registered database, all at once, each on its own thread, and returns when all are closed (call
     * once the server has stopped: nothing uses them any more); then the shared ones ({@link #registerShared}), the
     * last registered first.
     */
    public synchronized void closeAll() {
        closeSideBySide(open);
        while (!shared.isEmpty()) {
            close(shared.pop());
        }
    }

    private static void closeSideBySide(Deque<AutoCloseable> databases) {
        List<Thread> closing = new ArrayList<>();
        while (!databases.isEmpty()) {
            AutoCloseable database = databases.pop();
            Thread thread = new Thread(() -> close(database), "cpm-close-" + database.getClass().getSimpleName());
            thread.start();
            closing.add(thread);
        }
        boolean interrupted = false;
        for (Thread thread : closing) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true; // the closes go on: the process must not exit before they end
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(AutoCloseable database) {
        try {
            database.close();
            LOGGER.info("closed {}", database.getClass().getSimpleName());
        } catch (Exception e) {
            LOGGER.warn("closing {} failed", database.getClass().getSimpleName(), e);
        }
    }
}
