package org.cpmmss.james.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.cpmmss.james.testing.TestClock;
import org.cpmmss.recording.port.CpmStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dedupe retention ({@code cpm.state.dedupe-retention}): a DONE key keeps guarding its object against resends for
 * the whole retention, is dropped after it, survives a restart with its date, and a PENDING key is never dropped.
 */
class DedupeRetentionTest {
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path data;

    @Test
    void aDoneKeyGuardsResendsForTheWholeRetentionAndIsDroppedAfterIt() {
        TestClock clock = new TestClock(Instant.parse("2026-12-05T10:00:00Z"));
        DedupeRetention retention = new DedupeRetention(DAY);
        H2CpmStateStore store = new H2CpmStateStore(data.toFile(), clock);
        try {
            store.markPending("alice@example.com", "imdn:old", "Default/sip:bob", 7, 0);
            store.markDone("alice@example.com", "imdn:old", "Default/sip:bob", 7, 1);
            store.markPending("alice@example.com", "imdn:interrupted", "Default/sip:bob", 7, 1);
            clock.advance(Duration.ofHours(12));
            store.markDone("alice@example.com", "imdn:newer", "Default/sip:bob", 7, 2);
            DedupeKeyExpiry expiry = DedupeKeyExpiry.manual(store, retention, clock);

            clock.advance(Duration.ofHours(12).minusSeconds(1)); // the old key is one second short of the retention
            assertThat(expiry.sweep()).isZero();
            assertThat(store.recorded("alice@example.com", "imdn:old")).map(CpmStateStore.Recorded::state)
                .contains(CpmStateStore.State.DONE); // a resend now is still a duplicate

            clock.advance(Duration.ofSeconds(2));
            assertThat(expiry.sweep()).isEqualTo(1);
            assertThat(store.recorded("alice@example.com", "imdn:old")).isEmpty();
            assertThat(store.recorded("alice@example.com", "imdn:newer")).isPresent();

            clock.advance(Duration.ofDays(30));
            assertThat(expiry.sweep()).isEqualTo(1);
            assertThat(store.recorded("alice@example.com", "imdn:newer")).isEmpty();
            assertThat(store.recorded("alice@example.com", "imdn:interrupted")).map(CpmStateStore.Recorded::state)
                .contains(CpmStateStore.State.PENDING); // an interrupted append is resolved by the resend, never dropped
        } finally {
            store.close();
        }
    }

    @Test
    void keysAreDroppedInBatchesUntilNoneIsLeftAndTheirDateSurvivesARestart() {
        TestClock clock = new TestClock(Instant.parse("2026-12-05T10:00:00Z"));
        H2CpmStateStore store = new H2CpmStateStore(data.toFile(), clock);
        int keys = DedupeKeyExpiry.BATCH * 2 + 10;
        for (int i = 0; i < keys; i++) {
            store.markDone("bob@example.com", "imdn:k" + i, "Default/sip:alice", 3, i + 1);
        }
        store.close();
        clock.advance(DAY.plusSeconds(1));
        H2CpmStateStore reopened = new H2CpmStateStore(data.toFile(), clock);
        try {
            reopened.markDone("bob@example.com", "imdn:fresh", "Default/sip:alice", 3, keys + 1);
            assertThat(DedupeKeyExpiry.manual(reopened, new DedupeRetention(DAY), clock).sweep()).isEqualTo(keys);
            assertThat(reopened.recorded("bob@example.com", "imdn:k0")).isEmpty();
            assertThat(reopened.recorded("bob@example.com", "imdn:fresh")).isPresent();
        } finally {
            reopened.close();
        }
    }

    @Test
    void theRetentionIsForEverByDefaultAndNeverShorterThanAnHour() {
        assertThat(DedupeRetention.from(Map.<String, String>of()::get).forever()).isTrue();
        assertThat(DedupeRetention.from(Map.of(DedupeRetention.KEY, "P30D")::get).keep()).isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> DedupeRetention.from(Map.of(DedupeRetention.KEY, "PT5M")::get))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(DedupeRetention.KEY);
        assertThatThrownBy(() -> DedupeRetention.from(Map.of(DedupeRetention.KEY, "a month")::get))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO-8601");
        assertThat(new DedupeRetention(Duration.ofDays(30)).sweepPeriod()).isEqualTo(Duration.ofHours(1));
        assertThat(new DedupeRetention(Duration.ofHours(2)).sweepPeriod()).isEqualTo(Duration.ofMinutes(12));
    }
}
