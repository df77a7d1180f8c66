package org.cpmmss.james.state;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * How long a DONE dedupe key is kept ({@code cpm.state.dedupe-retention} in {@code conf/cpm.properties}, an ISO-8601
 * duration; default {@code P0D}: for ever). A key guards its object against the PF's resends and tells a later
 * disposition notification where its original message is (docs/pipeline.md, "Idempotency"); past the retention a
 * resend of the object is stored again and a notification for it is filed without its original's folder. So the
 * retention must exceed the PFs' resend window and the time within which notifications are expected; it bounds the
 * state database for a steady flow (a key costs about 40 bytes compacted, docs/benchmarks.md).
 * PENDING keys (an append in progress, or interrupted by a crash) are never dropped.
 *
 * @param keep how long a DONE key is kept after it was marked DONE; zero: for ever
 */
public record DedupeRetention(Duration keep) {
    public static final String KEY = "cpm.state.dedupe-retention";
    public static final DedupeRetention FOREVER = new DedupeRetention(Duration.ZERO);
    /** Keys the retention may not go below: a PF resends for minutes to hours. */
    public static final Duration MINIMUM = Duration.ofHours(1);

    public DedupeRetention {
        if (!keep.isZero() && keep.compareTo(MINIMUM) < 0) {
            throw new IllegalArgumentException(KEY + " must be 0 (for ever) or at least " + MINIMUM + ", not " + keep);
        }
    }

    /** Reads it through {@code lookup} (null = unset). */
    public static DedupeRetention from(Function<String, String> lookup) {
        String value = lookup.apply(KEY);
        if (value == null || value.isBlank()) {
            return FOREVER;
        }
        try {
            return new DedupeRetention(Duration.parse(value.trim()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(KEY + " must be an ISO-8601 duration (e.g. P30D), not " + value, e);
        }
    }

    public boolean forever() {
        return keep.isZero();
    }

    /** How often the expired keys are looked for: a tenth of the retention, between a minute and an hour. */
    public Duration sweepPeriod() {
        Duration tenth = keep.dividedBy(10);
        return tenth.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1)
            : tenth.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : tenth;
    }
}
