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
 */
public record SearchIndexingSettings(Duration gatherDelay, Duration commitInterval) {
    public static final String GATHER_DELAY = "cpm.search.indexing-delay";
    public static final String COMMIT_INTERVAL = "cpm.search.commit-interval";
    public static final Duration DEFAULT_GATHER_DELAY = Duration.ofMillis(100);
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);
    public static final SearchIndexingSettings DEFAULT =
        new SearchIndexingSettings(DEFAULT_GATHER_DELAY, DEFAULT_COMMIT_INTERVAL);

    public SearchIndexingSettings {
        if (gatherDelay.isNegative()) {
            throw new IllegalArgumentException(GATHER_DELAY + " must not be negative, not " + gatherDelay);
        }
        if (commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException(COMMIT_INTERVAL + " must be positive, not " + commitInterval);
        }
    }

    /** The given gather delay, commits at the default interval. */
    public SearchIndexingSettings(Duration gatherDelay) {
        this(gatherDelay, DEFAULT_COMMIT_INTERVAL);
    }

    /** Reads the settings through {@code lookup} (null = unset). */
    public static SearchIndexingSettings from(Function<String, String> lookup) {
        return new SearchIndexingSettings(duration(lookup, GATHER_DELAY, DEFAULT_GATHER_DELAY),
            duration(lookup, COMMIT_INTERVAL, DEFAULT_COMMIT_INTERVAL));
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
