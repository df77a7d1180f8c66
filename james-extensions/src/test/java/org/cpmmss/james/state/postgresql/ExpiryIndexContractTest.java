package org.cpmmss.james.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.cpmmss.recording.port.ExpiryIndex;
import org.cpmmss.recording.port.ExpiryIndex.Entry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The expiry index of temporary objects behaves the same on H2 and on PostgreSQL. */
class ExpiryIndexContractTest extends StateContractSupport {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void entriesAreReplacedPerMessageAndReadEarliestFirst(String kind) {
        ExpiryIndex index = backend(kind).expiryIndex();
        index.put(new Entry("Alice@example.com", "mb1", 1, T0.plusSeconds(30)));
        index.putAll(List.of(new Entry("alice@example.com", "mb1", 2, T0.plusSeconds(10)),
            new Entry("bob@example.com", "mb2", 1, T0.plusSeconds(20))));
        index.put(new Entry("alice@example.com", "mb1", 1, T0.plusSeconds(5)));
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.contains("mb1", 1)).isTrue();
        assertThat(index.contains("mb2", 2)).isFalse();

        assertThat(index.expired(T0.plusSeconds(4), 10)).isEmpty();
        assertThat(index.expired(T0.plusSeconds(20), 10)).containsExactly(
            new Entry("alice@example.com", "mb1", 1, T0.plusSeconds(5)),
            new Entry("alice@example.com", "mb1", 2, T0.plusSeconds(10)),
            new Entry("bob@example.com", "mb2", 1, T0.plusSeconds(20)));
        assertThat(index.expired(T0.plusSeconds(20), 2)).hasSize(2);
        assertThat(index.claimExpired(T0.plusSeconds(10), 10)).extracting(Entry::uid).containsExactly(1L, 2L);

        index.remove("mb1", 1);
        index.remove("mb1", 1);
        assertThat(index.contains("mb1", 1)).isFalse();
        assertThat(index.size()).isEqualTo(2);
    }
}
