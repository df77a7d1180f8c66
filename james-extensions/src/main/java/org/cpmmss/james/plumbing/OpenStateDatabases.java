package org.cpmmss.james.plumbing;

import java.util.ArrayDeque;
import java.util.Deque;

import javax.inject.Singleton;

import org.apache.james.utils.GuiceProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cpm state databases this server opened, closed by the run command once the whole server has stopped
 * ({@code CpmMssMain}): H2 then compacts each file ({@code MAX_COMPACT_TIME}, {@link StateDatabases}).
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

    /** Remembers {@code database} to be closed after the server stopped; returns it. */
    public synchronized <T extends AutoCloseable> T register(T database) {
        open.push(database);
        return database;
    }

    /** Closes every registered database, the last opened first (call once the server has stopped). */
    public synchronized void closeAll() {
        while (!open.isEmpty()) {
            AutoCloseable database = open.pop();
            try {
                database.close();
                LOGGER.info("closed {}", database.getClass().getSimpleName());
            } catch (Exception e) {
                LOGGER.warn("closing {} failed", database.getClass().getSimpleName(), e);
            }
        }
    }
}
