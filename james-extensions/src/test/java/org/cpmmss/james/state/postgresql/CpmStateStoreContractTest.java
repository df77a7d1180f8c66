package org.cpmmss.james.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.cpmmss.recording.port.CpmStateStore;
import org.cpmmss.recording.port.CpmStateStore.HeldPart;
import org.cpmmss.recording.port.CpmStateStore.HeldSession;
import org.cpmmss.recording.port.CpmStateStore.Recorded;
import org.cpmmss.recording.port.CpmStateStore.State;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dedupe keys, session kinds and held sessions behave the same on H2 and on PostgreSQL. */
class CpmStateStoreContractTest extends StateContractSupport {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aPendingKeyBecomesDoneAndTheOwnerIsCaseInsensitive(String kind) {
        CpmStateStore store = backend(kind).cpmStateStore();
        assertThat(store.recorded("alice@example.com", "imdn:1")).isEmpty();
        store.markPending("Alice@Example.com", "imdn:1", "chat-1", 7, 41);
        assertThat(store.recorded("alice@example.com", "imdn:1")).contains(new Recorded(State.PENDING, "chat-1", 7, 41));
        store.markDone("alice@example.com", "imdn:1", "chat-1", 7, 42);
        assertThat(store.recorded("ALICE@example.com", "imdn:1")).contains(new Recorded(State.DONE, "chat-1", 7, 42));
        assertThat(store.recorded("bob@example.com", "imdn:1")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aSessionKindIsRememberedAndReplaced(String kind) {
        CpmStateStore store = backend(kind).cpmStateStore();
        assertThat(store.sessionKind("alice@example.com", "c1")).isEmpty();
        store.rememberSessionKind("alice@example.com", "c1", true);
        assertThat(store.sessionKind("alice@example.com", "c1")).contains(true);
        store.rememberSessionKind("alice@example.com", "c1", false);
        assertThat(store.sessionKind("alice@example.com", "c1")).contains(false);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aHeldSessionKeepsItsPartsOnceInArrivalOrderUntilDeleted(String kind) {
        CpmStateStore store = backend(kind).cpmStateStore();
        HeldSession session = new HeldSession("alice@example.com", "c1", "chat-1", "info:1", "in", new byte[] {1, 2}, T0);
        assertThat(store.openSession(session)).isTrue();
        assertThat(store.openSession(session)).isFalse();
        assertThat(store.addPart("alice@example.com", "c1", "k2", new byte[] {2}, T0.plusSeconds(1))).isTrue();
        assertThat(store.addPart("alice@example.com", "c1", "k1", new byte[] {1}, T0.plusSeconds(2))).isTrue();
        assertThat(store.addPart("alice@example.com", "c1", "k2", new byte[] {9}, T0.plusSeconds(3))).isFalse();
        List<HeldPart> parts = store.parts("alice@example.com", "c1");
        assertThat(parts).extracting(HeldPart::key).containsExactly("k2", "k1");
        assertThat(parts.get(0).bytes()).containsExactly(2);
        HeldSession held = store.heldSession("alice@example.com", "c1").orElseThrow();
        assertThat(held.info()).containsExactly(1, 2);
        assertThat(held.lastActivity()).isEqualTo(T0.plusSeconds(2));

        assertThat(store.idleSessions(T0.plusSeconds(2))).isEmpty();
        assertThat(store.idleSessions(T0.plusSeconds(3))).extracting(HeldSession::contributionId).containsExactly("c1");
        assertThat(store.claimIdleSessions(T0.plusSeconds(3))).extracting(HeldSession::contributionId).containsExactly("c1");

        store.deleteSession("alice@example.com", "c1");
        assertThat(store.heldSession("alice@example.com", "c1")).isEmpty();
        assertThat(store.parts("alice@example.com", "c1")).isEmpty();
        assertThat(store.idleSessions(T0.plus(Duration.ofDays(1)))).isEmpty();
        assertThat(store.openSession(session)).isTrue();
    }
}
