package org.cpmmss.james.search.indexing;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * Settings of the search indexer, read once from {@code conf/cpm.properties}.
 *
 * @param gatherDelay    {@code cpm.search.indexing-delay} (default PT0.1S): how long the indexer waits, once messages
 *                       are pending, before it indexes them, gathering what arrives meanwhile into the same batch. A
 *                       search never waits for it (it catches up its folder itself).
 * @param commitInterval {@code cpm.search.commit-interval} (default PT1S): how often the index is committed with the
 *                       folders' "indexed up to" marks. Searches do not wait for commits (they read what the indexer
 *                       wrote); a crash loses the index's work since the last commit, which the indexer does again
 *                       from the store at start. Each commit writes a new segment of the documents since the last
 *                       one (sorting their terms), and the segments are merged later: committing less often costs less
 *                       CPU per indexed message.
 * @param quietWait      {@code cpm.search.quiet-wait} (default PT0.5S): after the gather delay, the indexer waits
 *                       until no message has been announced for this long, so that a burst of appends is stored
 *                       without the indexer's work beside it and indexed afterwards in one batch (PT0S: no wait).
 * @param maxLag         {@code cpm.search.max-lag} (default PT30S): the quiet wait ends at the latest this long after
 *                       the oldest message pending was announced: under a load without pauses the index is at most
 *                       this far behind (a search is never behind: it indexes its own folders first).
 */
public record SearchIndexingSettings(Duration gatherDelay, Duration commitInterval, Duration quietWait,
                                     Duration maxLag) {
    public static final String GATHER_DELAY = "cpm.search.indexing-delay";
    public static final String COMMIT_INTERVAL = "cpm.search.commit-interval";
    public static final String QUIET_WAIT = "cpm.search.quiet-wait";
    public static final String MAX_LAG = "cpm.search.max-lag";
    public static final Duration DEFAULT_GATHER_DELAY = Duration.ofMillis(100);
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_QUIET_WAIT = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_LAG = Duration.ofSeconds(30);
    public static final SearchIndexingSettings DEFAULT = new SearchIndexingSettings(DEFAULT_GATHER_DELAY,
        DEFAULT_COMMIT_INTERVAL, DEFAULT_QUIET_WAIT, DEFAULT_MAX_LAG);

    public SearchIndexingSettings {
        if (gatherDelay.isNegative()) {
            throw new IllegalArgumentException(GATHER_DELAY + " must not be negative, not " + gatherDelay);
        }
        if (commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException(COMMIT_INTERVAL + " must be positive, not " + commitInterval);
        }
        if (quietWait.isNegative()) {
            throw new IllegalArgumentException(QUIET_WAIT + " must not be negative, not " + quietWait);
        }
        if (maxLag.isNegative()) {
            throw new IllegalArgumentException(MAX_LAG + " must not be negative, not " + maxLag);
        }
    }

    /** The given gather delay and no quiet wait (tests: the indexer works as soon as the delay is over). */
    public SearchIndexingSettings(Duration gatherDelay) {
        this(gatherDelay, DEFAULT_COMMIT_INTERVAL, Duration.ZERO, Duration.ZERO);
    }

    /** Reads the settings through {@code lookup} (null = unset). */
    public static SearchIndexingSettings from(Function<String, String> lookup) {
        return new SearchIndexingSettings(duration(lookup, GATHER_DELAY, DEFAULT_GATHER_DELAY),
            duration(lookup, COMMIT_INTERVAL, DEFAULT_COMMIT_INTERVAL),
            duration(lookup, QUIET_WAIT, DEFAULT_QUIET_WAIT), duration(lookup, MAX_LAG, DEFAULT_MAX_LAG));
    }

    private static Duration duration(Function<String, String> lookup, String key, Duration absent) {
        String value = lookup.apply(key);
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration (e.g. PT1S), not " + value, e);
        }
    }
}
