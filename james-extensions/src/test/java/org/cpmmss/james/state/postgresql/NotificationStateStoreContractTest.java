package org.cpmmss.james.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import org.cpmmss.recording.port.NotificationStateStore;
import org.cpmmss.recording.port.NotificationStateStore.AggregateObject;
import org.cpmmss.recording.port.NotificationStateStore.Claim;
import org.cpmmss.recording.port.NotificationStateStore.Entry;
import org.cpmmss.recording.port.NotificationStateStore.PendingTick;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** First-wins claims, aggregates and pending ticks behave the same on H2 and on PostgreSQL. */
class NotificationStateStoreContractTest extends StateContractSupport {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void theFirstNotificationWinsAndItsResendIsTheSame(String kind) {
        NotificationStateStore store = backend(kind).notificationStateStore();
        assertThat(store.claim("m1", "Bob@example.com", "display", "n1")).isEqualTo(Claim.FIRST);
        assertThat(store.claim("m1", "bob@example.com", "display", "n1")).isEqualTo(Claim.SAME);
        assertThat(store.claim("m1", "bob@example.com", "display", "n2")).isEqualTo(Claim.SUPPRESSED);
        assertThat(store.claim("m1", "bob@example.com", "delivery", "n2")).isEqualTo(Claim.FIRST);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void anEntryIsReplacedOnlyWhenItChangesAndKeepsItsPlace(String kind) {
        NotificationStateStore store = backend(kind).notificationStateStore();
        assertThat(store.putEntry("alice@example.com", "m1", new Entry("bob@example.com", "delivery", "delivered", "t1")))
            .isTrue();
        assertThat(store.putEntry("alice@example.com", "m1", new Entry("carol@example.com", "delivery", "delivered", "t2")))
            .isTrue();
        assertThat(store.putEntry("Alice@example.com", "m1", new Entry("Bob@example.com", "delivery", "delivered", "t1")))
            .isFalse();
        assertThat(store.putEntry("alice@example.com", "m1", new Entry("bob@example.com", "delivery", "failed", "t3")))
            .isTrue();
        assertThat(store.entries("alice@example.com", "m1")).containsExactly(
            new Entry("bob@example.com", "delivery", "failed", "t3"),
            new Entry("carol@example.com", "delivery", "delivered", "t2"));
        assertThat(store.entries("alice@example.com", "m2")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void theAggregateObjectIsSetAndReplaced(String kind) {
        NotificationStateStore store = backend(kind).notificationStateStore();
        assertThat(store.aggregateObject("alice@example.com", "m1")).isEmpty();
        store.setAggregateObject("alice@example.com", "m1", new AggregateObject("chat-1", 3, 10));
        store.setAggregateObject("alice@example.com", "m1", new AggregateObject("chat-1", 3, 11));
        assertThat(store.aggregateObject("ALICE@example.com", "m1")).contains(new AggregateObject("chat-1", 3, 11));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void pendingTicksAreKeptOnceUntilRemoved(String kind) {
        NotificationStateStore store = backend(kind).notificationStateStore();
        store.addPendingTick(new PendingTick("Alice@example.com", "m1", "$cpm-delivered"));
        store.addPendingTick(new PendingTick("alice@example.com", "m1", "$cpm-delivered"));
        store.addPendingTick(new PendingTick("alice@example.com", "m2", "$cpm-displayed"));
        store.addPendingTick(new PendingTick("bob@example.com", "m3", "$cpm-displayed"));
        assertThat(store.pendingTicks("alice@example.com")).containsExactlyInAnyOrder(
            new PendingTick("alice@example.com", "m1", "$cpm-delivered"),
            new PendingTick("alice@example.com", "m2", "$cpm-displayed"));
        assertThat(store.ownersWithPendingTicks()).containsExactlyInAnyOrder("alice@example.com", "bob@example.com");
        store.removePendingTick(new PendingTick("alice@example.com", "m1", "$cpm-delivered"));
        assertThat(store.pendingTicks("alice@example.com")).containsExactly(
            new PendingTick("alice@example.com", "m2", "$cpm-displayed"));
    }
}
