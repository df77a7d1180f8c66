package org.cpmmss.james.store.embedded;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's background housekeeping: one daemon thread that runs each task in turn every period (rewriting
 * mostly-dead H2 chunks, compacting mostly-dead segments). A failing task is logged and tried again next period;
 * appends never wait for it.
 */
final class StoreMaintenance implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(StoreMaintenance.class);

    private final ScheduledExecutorService thread;

    private StoreMaintenance(ScheduledExecutorService thread) {
        this.thread = thread;
    }

    /** Starts the tasks every {@code periodMillis}; a period of 0 starts nothing (tests drive the tasks). */
    static StoreMaintenance start(long periodMillis, List<Runnable> tasks) {
        if (periodMillis <= 0) {
            return new StoreMaintenance(null);
        }
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "native-store-maintenance");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(() -> tasks.forEach(StoreMaintenance::runSafely), periodMillis, periodMillis,
            TimeUnit.MILLISECONDS);
        return new StoreMaintenance(thread);
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOGGER.warn("Message store maintenance task failed (tried again next period)", e);
        }
    }

    /**
     * Stops the thread, waiting for a task in progress to finish. No interrupt: an interrupt during file I/O would
     * close the store's file channels under it.
     */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
