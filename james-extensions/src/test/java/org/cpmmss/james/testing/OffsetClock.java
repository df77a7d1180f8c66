package org.cpmmss.james.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock (UTC) plus an offset a test moves on: time still passes as it does for the rest of the server
 * (timeouts, schedulers), and the test jumps over hours or days. Kept across in-process restarts when held in a
 * static field. ({@link TestClock} stands still instead.)
 */
public final class OffsetClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    /** Moves the clock on by {@code by}. */
    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
