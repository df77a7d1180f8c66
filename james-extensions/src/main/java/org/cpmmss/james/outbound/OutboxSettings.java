package org.cpmmss.james.outbound;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Settings of the notification outbox, read once from {@code conf/cpm.properties}.
 *
 * @param relay       {@code cpm.notifications.outbound-relay} ({@code host:port} of the PF's SMTP relay); when empty,
 *                    the older {@code cpm.deferred.outbound-relay} is used; both empty = no SMTP route
 * @param retryDelay  {@code cpm.notifications.outbox.retry-delay} (default PT30S): the wait after the first failed
 *                    attempt, doubled after each further failure, at most {@link #MAX_DELAY}
 * @param giveUpAfter {@code cpm.notifications.outbox.give-up-after} (default P1D): an entry still not sent this long
 *                    after it was queued is given up (logged at WARN, kept as GAVE_UP)
 */
public record OutboxSettings(Optional<RelayTarget> relay, Duration retryDelay, Duration giveUpAfter) {
    public static final String OUTBOUND_RELAY = "cpm.notifications.outbound-relay";
    public static final String DEFERRED_OUTBOUND_RELAY = "cpm.deferred.outbound-relay";
    public static final String RETRY_DELAY = "cpm.notifications.outbox.retry-delay";
    public static final String GIVE_UP_AFTER = "cpm.notifications.outbox.give-up-after";
    public static final Duration MAX_DELAY = Duration.ofHours(1);

    public OutboxSettings {
        if (retryDelay.isNegative() || retryDelay.isZero()) {
            throw new IllegalArgumentException(RETRY_DELAY + " must be positive, not " + retryDelay);
        }
        if (giveUpAfter.isNegative() || giveUpAfter.isZero()) {
            throw new IllegalArgumentException(GIVE_UP_AFTER + " must be positive, not " + giveUpAfter);
        }
    }

    /** Reads the settings through {@code lookup} (null = unset). */
    public static OutboxSettings from(Function<String, String> lookup) {
        Optional<RelayTarget> relay = RelayTarget.parse(OUTBOUND_RELAY, lookup.apply(OUTBOUND_RELAY))
            .or(() -> RelayTarget.parse(DEFERRED_OUTBOUND_RELAY, lookup.apply(DEFERRED_OUTBOUND_RELAY)));
        return new OutboxSettings(relay, duration(lookup, RETRY_DELAY, Duration.ofSeconds(30)),
            duration(lookup, GIVE_UP_AFTER, Duration.ofDays(1)));
    }

    /** The wait before attempt {@code attempts + 1}, after {@code attempts} failures. */
    public Duration delayAfter(int attempts) {
        Duration delay = retryDelay;
        for (int i = 1; i < attempts && delay.compareTo(MAX_DELAY) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    private static Duration duration(Function<String, String> lookup, String key, Duration fallback) {
        String value = lookup.apply(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration (e.g. PT30S), not " + value, e);
        }
    }
}
