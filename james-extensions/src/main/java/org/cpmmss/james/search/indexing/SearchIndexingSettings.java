package org.cpmmss.james.search.indexing;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * Settings of the search indexer, read once from {@code conf/cpm.properties}.
 *
 * @param gatherDelay {@code cpm.search.indexing-delay} (default PT0.1S): how long the indexer waits, once messages
 *                    are pending, before it indexes them, gathering what arrives meanwhile into the same batch. A
 *                    search never waits for it (it catches up its folder itself).
 */
public record SearchIndexingSettings(Duration gatherDelay) {
    public static final String GATHER_DELAY = "cpm.search.indexing-delay";
    public static final SearchIndexingSettings DEFAULT = new SearchIndexingSettings(Duration.ofMillis(100));

    public SearchIndexingSettings {
        if (gatherDelay.isNegative()) {
            throw new IllegalArgumentException(GATHER_DELAY + " must not be negative, not " + gatherDelay);
        }
    }

    /** Reads the settings through {@code lookup} (null = unset). */
    public static SearchIndexingSettings from(Function<String, String> lookup) {
        String value = lookup.apply(GATHER_DELAY);
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        try {
            return new SearchIndexingSettings(Duration.parse(value.trim()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(GATHER_DELAY + " must be an ISO-8601 duration (e.g. PT0.1S), not " + value, e);
        }
    }
}
