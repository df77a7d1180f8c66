package org.cpmmss.james.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

import org.cpmmss.james.testing.TestClock;
import org.junit.jupiter.api.Test;

/** The building blocks of the door guards: network lists and the per-PF rate limiter (with a driven clock). */
class DoorGuardsTest {
    @Test
    void networksMatchAddressesAndPrefixes() throws Exception {
        Networks n = Networks.parse("127.0.0.0/8, ::1 10.1.2.3,192.0.2.0/24");
        assertThat(n.contains(InetAddress.getByName("127.5.6.7"))).isTrue();
        assertThat(n.contains(InetAddress.getByName("::1"))).isTrue();
        assertThat(n.contains(InetAddress.getByName("10.1.2.3"))).isTrue();
        assertThat(n.contains(InetAddress.getByName("10.1.2.4"))).isFalse();
        assertThat(n.contains(InetAddress.getByName("192.0.2.200"))).isTrue();
        assertThat(n.contains(InetAddress.getByName("192.0.3.1"))).isFalse();
        assertThat(n.contains(InetAddress.getByName("::2"))).isFalse();
        assertThat(Networks.parse("").contains(InetAddress.getByName("127.0.0.1"))).isFalse();
        for (String bad : new String[] {"localhost", "10.0.0.0/33", "10.0.0.0/x", "::1/129", "example.com/8"}) {
            assertThatThrownBy(() -> Networks.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theRateLimiterAllowsTheRateAndTellsHowLongToWait() {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        RequestRateLimiter limiter = new RequestRateLimiter(5, clock);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("pf-a")).as("request " + i).isEmpty();
        }
        assertThat(limiter.acquire("pf-a")).hasValueSatisfying(wait ->
            assertThat(wait).isGreaterThan(Duration.ZERO).isLessThanOrEqualTo(Duration.ofMillis(200)));
        assertThat(limiter.acquire("pf-b")).as("another PF has its own bucket").isEmpty();
        clock.advance(Duration.ofMillis(200));
        assertThat(limiter.acquire("pf-a")).as("one token back after 1/rate").isEmpty();
        assertThat(limiter.acquire("pf-a")).isPresent();
        clock.advance(Duration.ofSeconds(60));
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("pf-a")).as("burst capped at one second's worth, request " + i).isEmpty();
        }
        assertThat(limiter.acquire("pf-a")).isPresent();
        RequestRateLimiter off = new RequestRateLimiter(0, clock);
        for (int i = 0; i < 1000; i++) {
            assertThat(off.acquire("pf-a")).isEmpty();
        }
        assertThatThrownBy(() -> new RequestRateLimiter(-1, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
