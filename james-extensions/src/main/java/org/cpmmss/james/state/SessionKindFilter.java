package org.cpmmss.james.state;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnel;

/**
 * Which (owner, Contribution-ID) pairs {@code cpm_session_kind} may hold, in memory: a Bloom filter of every pair
 * written, so that the look-up every recorded object with a Contribution-ID makes per owner (almost always of a pair
 * never written: a chat message's own Contribution-ID) answers "none" without reading the database. "Maybe" reads it
 * as before. Rows are never deleted, and a pair is added before its row is written, so "none" is never wrong; until
 * the pairs already in the table are all added (read once at start, in the background), every look-up reads the
 * database. Sized for a million pairs at 1 % false "maybe" (1.2 MB); past that it answers "maybe" more often, never
 * "none" wrongly.
 */
final class SessionKindFilter {
    private static final Logger LOGGER = LoggerFactory.getLogger(SessionKindFilter.class);
    private static final int PAIRS = 1 << 20;
    private static final double FALSE_POSITIVES = 0.01;
    private static final Funnel<String[]> PAIR = (pair, into) -> {
        into.putString(pair[0], StandardCharsets.UTF_8);
        into.putByte((byte) 0);
        into.putString(pair[1], StandardCharsets.UTF_8);
    };

    /** Reads every pair in the table. */
    interface Table {
        void each(BiConsumer<String, String> pair) throws SQLException;
    }

    private final BloomFilter<String[]> pairs = BloomFilter.create(PAIR, PAIRS, FALSE_POSITIVES);
    private final CountDownLatch built = new CountDownLatch(1);
    private volatile boolean ready;
    private volatile boolean stopped;

    private SessionKindFilter() {
    }

    /** Starts reading the table's pairs in the background; look-ups read the database until it is done. */
    static SessionKindFilter start(Table table) {
        SessionKindFilter filter = new SessionKindFilter();
        Thread reader = new Thread(() -> filter.build(table), "cpm-session-kinds");
        reader.setDaemon(true);
        reader.start();
        return filter;
    }

    private void build(Table table) {
        try {
            table.each((owner, contributionId) -> {
                if (stopped) {
                    throw new IllegalStateException("stopped");
                }
                add(owner, contributionId);
            });
            ready = true;
        } catch (SQLException | RuntimeException e) {
            if (!stopped) {
                LOGGER.warn("session kinds not read into memory ({}): each look-up reads the state database", e.toString());
            }
        } finally {
            built.countDown();
        }
    }

    /** {@code owner} lower-cased as the table holds it. */
    void add(String owner, String contributionId) {
        pairs.put(new String[] {owner, contributionId});
    }

    /** False only when the table holds no row of the pair. */
    boolean mightHold(String owner, String contributionId) {
        return !ready || pairs.mightContain(new String[] {owner, contributionId});
    }

    boolean await(Duration timeout) throws InterruptedException {
        return built.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && ready;
    }

    void stop() {
        stopped = true;
    }
}
