package org.cpmmss.james.ops.health;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.Result;
import org.cpmmss.james.deferred.queue.DeferredSettings;
import org.cpmmss.recording.port.ExpiryIndex;

/**
 * The deferred-message expiry sweeper keeps up: no entry of the expiry index is overdue by more than two
 * sweep intervals plus a minute (then degraded: the sweeper is failing or lagging; not judged during that
 * long after start); unhealthy when the index cannot be read.
 */
public class ExpirySweeperHealthCheck extends BlockingHealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("Expiry sweeper");
    static final int SAMPLE = 100;

    private final ExpiryIndex index;
    private final DeferredSettings settings;
    private final Clock clock;
    private final java.time.Instant startedAt;

    @Inject
    public ExpirySweeperHealthCheck(ExpiryIndex index, DeferredSettings settings, Clock clock) {
        super(COMPONENT, Duration.ofSeconds(5), "cannot read the expiry index");
        this.index = index;
        this.settings = settings;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    @Override
    protected Result inspect() {
        Duration grace = settings.sweepInterval().multipliedBy(2).plusMinutes(1);
        if (clock.instant().isBefore(startedAt.plus(grace))) {
            // a backlog found at start is the sweeper's first job: judge it only after it had time
            return Result.healthy(COMPONENT);
        }
        List<ExpiryIndex.Entry> overdue = index.expired(clock.instant().minus(grace), SAMPLE);
        if (!overdue.isEmpty()) {
            return Result.degraded(COMPONENT, (overdue.size() >= SAMPLE ? "at least " : "") + overdue.size()
                + " temporary objects expired more than " + grace.toSeconds() + " s ago are still in the expiry index");
        }
        return Result.healthy(COMPONENT);
    }
}
