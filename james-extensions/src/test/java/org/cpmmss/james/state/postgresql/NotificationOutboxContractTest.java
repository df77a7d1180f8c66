package org.cpmmss.james.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import org.cpmmss.james.outbound.NotificationOutbox;
import org.cpmmss.james.outbound.NotificationOutbox.Entry;
import org.cpmmss.james.outbound.NotificationOutbox.State;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The notification outbox behaves the same on H2 and on PostgreSQL. */
class NotificationOutboxContractTest extends StateContractSupport {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void anEntryIsQueuedOnceRetriedAndEndsSentOrGivenUp(String kind) {
        NotificationOutbox outbox = backend(kind).notificationOutbox();
        assertThat(outbox.enqueue("n1", "sip:+1@example.com", new byte[] {1}, T0)).isTrue();
        assertThat(outbox.enqueue("n1", "sip:+9@example.com", new byte[] {9}, T0)).isFalse();
        assertThat(outbox.enqueue("n2", "sip:+2@example.com", new byte[] {2}, T0.plusSeconds(1))).isTrue();
        assertThat(outbox.enqueue("n3", "sip:+3@example.com", new byte[] {3}, T0.plusSeconds(2))).isTrue();

        assertThat(outbox.due(T0, 10)).extracting(Entry::id).containsExactly("n1");
        assertThat(outbox.due(T0.plusSeconds(5), 10)).extracting(Entry::id).containsExactly("n1", "n2", "n3");
        assertThat(outbox.claimDue(T0.plusSeconds(5), 2)).extracting(Entry::id).containsExactly("n1", "n2");

        outbox.reschedule("n1", 1, T0.plusSeconds(60), "busy");
        Entry rescheduled = outbox.get("n1").orElseThrow();
        assertThat(rescheduled.attempts()).isEqualTo(1);
        assertThat(rescheduled.nextAttempt()).isEqualTo(T0.plusSeconds(60));
        assertThat(rescheduled.lastError()).isEqualTo("busy");
        assertThat(rescheduled.recipient()).isEqualTo("sip:+1@example.com");
        assertThat(outbox.due(T0.plusSeconds(5), 10)).extracting(Entry::id).containsExactly("n2", "n3");

        outbox.markSent("n2", 1);
        outbox.giveUp("n3", 4, "no route");
        assertThat(outbox.get("n2").orElseThrow().state()).isEqualTo(State.SENT);
        assertThat(outbox.get("n2").orElseThrow().object()).isEmpty();
        assertThat(outbox.get("n3").orElseThrow().lastError()).isEqualTo("no route");
        assertThat(outbox.count(State.QUEUED)).isEqualTo(1);
        assertThat(outbox.count(State.SENT)).isEqualTo(1);
        assertThat(outbox.count(State.GAVE_UP)).isEqualTo(1);
        assertThat(outbox.due(T0.plusSeconds(60), 10)).extracting(Entry::id).containsExactly("n1");
        assertThat(outbox.get("n4")).isEmpty();
    }
}
