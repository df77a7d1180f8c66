package org.cpmmss.james.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per caller (e.g. per PF token): up to {@code ratePerSecond} requests a second on average,
 * bursts up to one second's worth. {@link #acquire(String)} answers empty when the request may go on, or how
 * long the caller should wait. A rate of 0 turns the limiter off.
 */
public final class RequestRateLimiter {
    private static final class Bucket {
        private double tokens;
        private long lastNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
        }
    }

    private final double ratePerSecond;
    private final Clock clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RequestRateLimiter(double ratePerSecond, Clock clock) {
        if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be 0 (off) or positive: " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        this.clock = clock;
    }

    public boolean enabled() {
        return ratePerSecond > 0;
    }

    /** Empty when allowed (one token taken); otherwise the time until one token is available. */
    public Optional<Duration> acquire(String caller) {
        if (!enabled()) {
            return Optional.empty();
        }
        long now = clock.instant().toEpochMilli() * 1_000_000L;
        double burst = Math.max(1, ratePerSecond);
        Bucket bucket = buckets.computeIfAbsent(caller, k -> new Bucket(burst, now));
        synchronized (bucket) {
            double elapsed = Math.max(0, now - bucket.lastNanos) / 1e9;
            bucket.tokens = Math.min(burst, bucket.tokens + elapsed * ratePerSecond);
            bucket.lastNanos = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Optional.empty();
            }
            double wait = (1 - bucket.tokens) / ratePerSecond;
            return Optional.of(Duration.ofNanos((long) Math.ceil(wait * 1e9)));
        }
    }
}
