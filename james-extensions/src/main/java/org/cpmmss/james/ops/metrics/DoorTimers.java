package org.cpmmss.james.ops.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.cpmmss.james.plumbing.DoorTimings;

import com.codahale.metrics.MetricRegistry;

/**
 * Per-door command timers of the doors James times under shared names (SMTP and LMTP both use James's
 * {@code SMTP-<command>} timers): each door records its own under {@code cpm.door.<door>.<COMMAND>} in James's
 * metric registry, and {@code /metrics} exposes them as {@code cpm_door_requests_total{door,command}} and
 * {@code cpm_door_request_duration_seconds}.
 */
@Singleton
public class DoorTimers implements DoorTimings {
    static final String PREFIX = "cpm.door.";

    private final MetricRegistry registry;

    @Inject
    public DoorTimers(MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void record(String door, String command, Duration elapsed) {
        registry.timer(PREFIX + door + "." + command.toUpperCase(Locale.ROOT))
            .update(Math.max(0, elapsed.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** {@code [door, command]} of a timer recorded here, or null for any other timer. */
    static String[] doorAndCommand(String timerName) {
        if (!timerName.startsWith(PREFIX)) {
            return null;
        }
        String rest = timerName.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        return dot <= 0 ? null : new String[] {rest.substring(0, dot), rest.substring(dot + 1)};
    }
}
