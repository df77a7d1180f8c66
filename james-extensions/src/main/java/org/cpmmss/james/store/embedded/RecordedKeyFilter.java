package org.cpmmss.james.store.embedded;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnel;

/**
 * Which recorded keys the metadata database may hold, in memory: a Bloom filter of the hash ({@link RecordedKeyHash})
 * of every key recorded, so that the look-up each owner of each new object makes before its append (almost always of a
 * key never recorded: a new object's IMDN-Message-ID) answers "none" without reading {@code recorded_key} and
 * {@code recorded_key_more}. "Maybe" reads them as before.
 *
 * <p>A key's hash is added before its row is written ({@link EmbeddedRecordedKeys#insert}), and one node owns the
 * embedded store (H2 locks its file), so a key the filter does not hold has no row: "none" is never wrong. A row
 * removed later (the dedupe retention's expiry) or a write rolled back only leaves a false "maybe". Until the keys
 * already in the tables are all added (read once at open, on a thread of its own) every look-up reads the database.
 * Sized at open for twice the keys the tables hold, a million at least, at most {@value #MAX_SIZED} (1 % false
 * "maybe": 1.2 MB per million); past its size it answers "maybe" more often, never "none" wrongly.</p>
 */
final class RecordedKeyFilter {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordedKeyFilter.class);
    private static final long MIN_SIZED = 1 << 20;
    static final long MAX_SIZED = 8L << 20;
    private static final double FALSE_POSITIVES = 0.01;
    private static final Funnel<RecordedKeyHash> HASH = (hash, into) -> into.putLong(hash.high()).putLong(hash.low());

    /** Reads every key of the tables. */
    interface Tables {
        void each(Consumer<RecordedKeyHash> key) throws SQLException;
    }

    private final BloomFilter<RecordedKeyHash> keys;
    private final CountDownLatch built = new CountDownLatch(1);
    private volatile boolean ready;
    private volatile boolean stopped;

    private RecordedKeyFilter(long held) {
        keys = BloomFilter.create(HASH, Math.min(MAX_SIZED, Math.max(MIN_SIZED, 2 * held)), FALSE_POSITIVES);
    }

    /**
     * A filter for tables holding about {@code held} keys, whose keys are read in the background from now on;
     * look-ups read the database until that is done.
     */
    static RecordedKeyFilter start(long held, Tables tables) {
        RecordedKeyFilter filter = new RecordedKeyFilter(held);
        Thread reader = new Thread(() -> filter.build(tables), "cpm-recorded-keys");
        reader.setDaemon(true);
        reader.start();
        return filter;
    }

    private void build(Tables tables) {
        try {
            tables.each(hash -> {
                if (stopped) {
                    throw new IllegalStateException("stopped");
                }
                keys.put(hash);
            });
            ready = !stopped;
        } catch (SQLException | RuntimeException e) {
            if (!stopped) {
                LOGGER.warn("Recorded keys not read into memory ({}): each look-up reads the metadata database",
                    e.toString());
            }
        } finally {
            built.countDown();
        }
    }

    /** Before the key's row is written. */
    void add(RecordedKeyHash hash) {
        keys.put(hash);
    }

    /** False only when neither table holds a row of the key. */
    boolean mightHold(RecordedKeyHash hash) {
        return !ready || keys.mightContain(hash);
    }

    /** Waits until the tables' keys are read; false when not (yet) (tests). */
    boolean await(Duration timeout) throws InterruptedException {
        return built.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && ready;
    }

    /** The store closes: the reading stops, and look-ups read the database from then on. */
    void stop() {
        stopped = true;
        ready = false;
    }
}
