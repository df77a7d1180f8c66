package org.cpmmss.james.state;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the DONE dedupe keys older than the retention ({@link DedupeRetention}) from where they are kept (the message
 * store's recorded keys, and the cpm state database for keys written before issue 27), in the
 * background (one daemon thread, {@code cpm-dedupe-expiry}, every {@link DedupeRetention#sweepPeriod()}), in batches
 * of {@value #BATCH} keys, each batch a forced commit of its own. Nothing runs when the retention is "for ever".
 */
public final class DedupeKeyExpiry implements AutoCloseable {
    static final int BATCH = 1000;
    private static final Logger LOGGER = LoggerFactory.getLogger(DedupeKeyExpiry.class);
    private final List<Keys> stores;
    private final DedupeRetention retention;
    private final Clock clock;
    private final ScheduledExecutorService thread;

    /** Where recorded keys are kept: the state database, the message store (issue 27). */
    @FunctionalInterface
    public interface Keys {
        /** Drops at most {@code limit} DONE keys recorded before {@code cutoff}; returns how many, forced. */
        int forgetDoneBefore(Instant cutoff, int limit);
    }

    private DedupeKeyExpiry(List<Keys> stores, DedupeRetention retention, Clock clock, boolean background) {
        this.stores = List.copyOf(stores);
        this.retention = retention;
        this.clock = clock;
        if (!background || retention.forever()) {
            this.thread = null;
            return;
        }
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cpm-dedupe-expiry");
            t.setDaemon(true);
            return t;
        });
        long period = retention.sweepPeriod().toMillis();
        thread.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts the background sweep (nothing when the retention is "for ever"). */
    public static DedupeKeyExpiry start(Keys store, DedupeRetention retention, Clock clock) {
        return new DedupeKeyExpiry(List.of(store), retention, clock, true);
    }

    /** As {@link #start(Keys, DedupeRetention, Clock)} over several places that hold keys. */
    public static DedupeKeyExpiry start(List<Keys> stores, DedupeRetention retention, Clock clock) {
        return new DedupeKeyExpiry(stores, retention, clock, true);
    }

    /** Without a thread: the caller runs {@link #sweep()} (tests). */
    static DedupeKeyExpiry manual(Keys store, DedupeRetention retention, Clock clock) {
        return new DedupeKeyExpiry(List.of(store), retention, clock, false);
    }

    /** As {@link #manual(Keys, DedupeRetention, Clock)} over several places that hold keys. */
    static DedupeKeyExpiry manual(List<Keys> stores, DedupeRetention retention, Clock clock) {
        return new DedupeKeyExpiry(stores, retention, clock, false);
    }

    /** Drops every DONE key marked before now minus the retention; returns how many. */
    public long sweep() {
        if (retention.forever()) {
            return 0;
        }
        long dropped = 0;
        Instant cutoff = clock.instant().minus(retention.keep());
        for (Keys store : stores) {
            int batch;
            do {
                batch = store.forgetDoneBefore(cutoff, BATCH);
                dropped += batch;
            } while (batch == BATCH);
        }
        return dropped;
    }

    private void sweepSafely() {
        try {
            long dropped = sweep();
            if (dropped > 0) {
                LOGGER.info("Dropped {} dedupe keys older than {}", dropped, retention.keep());
            }
        } catch (RuntimeException e) {
            LOGGER.warn("Dropping expired dedupe keys failed (tried again next period)", e);
        }
    }

    /** Stops the sweep, waiting for one in progress (no interrupt: it would land in H2's file I/O). */
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
