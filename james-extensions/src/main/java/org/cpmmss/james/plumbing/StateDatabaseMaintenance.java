package org.cpmmss.james.plumbing;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online reclaiming of dead space in the cpm state databases ({@code DATA/h2/cpm*.mv.db}): one daemon thread
 * ({@code cpm-state-maintenance}) that, every second, asks each maintained {@link StateDatabasePool} to rewrite its
 * mostly-dead H2 chunks ({@link StateDatabasePool#compactChunks}: below {@value #FILL_RATE} % live, at most
 * {@value #MAX_REWRITE} bytes a pass) and to give back a file that is mostly free space
 * ({@link StateDatabasePool#shrinkFile}: below {@value #MIN_USED} % used, above 1 MiB, at most 4 MiB moved).
 *
 * <p>Why: every commit writes a new copy-on-write chunk, and under steady writes most chunks keep a few live pages,
 * so they are never freed; H2 compacts only while the file is idle, which a state database under traffic never is,
 * or when it closes (docs/store.md, "Bounded disk while running"). Writers are not stopped: a chunk rewrite is a
 * commit of its own, forced before the pass goes on; a file shrink holds writers for at most 100 ms.</p>
 */
final class StateDatabaseMaintenance {
    static final int FILL_RATE = 70;
    static final int MAX_REWRITE = 256 << 10;
    static final int MIN_USED = 60;
    private static final Logger LOGGER = LoggerFactory.getLogger(StateDatabaseMaintenance.class);
    private static final List<StateDatabasePool> MAINTAINED = new CopyOnWriteArrayList<>();
    private static ScheduledExecutorService thread;

    private StateDatabaseMaintenance() {
    }

    /** Maintains {@code pool} from now on (starts the thread with the first one). */
    static synchronized void maintain(StateDatabasePool pool) {
        MAINTAINED.add(pool);
        if (thread == null) {
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cpm-state-maintenance");
                t.setDaemon(true);
                return t;
            });
            thread.scheduleWithFixedDelay(StateDatabaseMaintenance::pass, 1, 1, TimeUnit.SECONDS);
        }
    }

    /** Stops maintaining {@code pool} (it is being disposed; a pass in progress on it has finished or not started). */
    static void release(StateDatabasePool pool) {
        MAINTAINED.remove(pool);
    }

    /** One pass over every maintained database (the thread's task; tests call it directly). */
    static void pass() {
        for (StateDatabasePool pool : MAINTAINED) {
            try {
                pool.compactChunks(FILL_RATE, MAX_REWRITE);
                pool.shrinkFile(MIN_USED, 1 << 20, 4 << 20);
            } catch (SQLException | RuntimeException e) {
                LOGGER.warn("Compacting the state database {} failed (tried again next second)", pool.file(), e);
            }
        }
    }
}
