package org.cpmmss.james.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves by hand (UTC), for the classes that take a {@link Clock}: either standing still at a start
 * instant ({@code new TestClock(start)}), or {@link #running()}: the system clock plus the offset the test moves on,
 * so that time still passes as it does for the rest of the server (timeouts, schedulers) while the test jumps over
 * hours or days (kept across in-process restarts when held in a static field).
 */
public final class TestClock extends Clock {
    /** The standing start, or null for a clock that follows the system clock. */
    private final Instant start;
    private volatile Duration offset = Duration.ZERO;

    public TestClock(Instant start) {
        this.start = start;
    }

    private TestClock() {
        this.start = null;
    }

    /** The system clock plus an offset moved by {@link #advance}. */
    public static TestClock running() {
        return new TestClock();
    }

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
        return (start == null ? Instant.now() : start).plus(offset);
    }
}
