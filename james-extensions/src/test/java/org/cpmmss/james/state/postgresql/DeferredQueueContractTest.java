package org.cpmmss.james.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.cpmmss.recording.port.DeferredQueue;
import org.cpmmss.recording.port.DeferredQueue.Added;
import org.cpmmss.recording.port.DeferredQueue.Entry;
import org.cpmmss.recording.port.DeferredQueue.NewEntry;
import org.cpmmss.recording.port.DeferredQueue.State;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The deferred queue of options 1 and 2 behaves the same on H2 and on PostgreSQL. */
class DeferredQueueContractTest extends StateContractSupport {
    static NewEntry entry(String owner, String key, Instant expires) {
        return new NewEntry(owner, key, "sip:+1@example.com", "sip:+2@example.com", Optional.of("hello"), T0,
            Optional.of("conv"), Optional.empty(), Optional.of("imdn-" + key), ("body " + key).getBytes(), expires);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void anObjectIsQueuedOncePerOwnerAndKept(String kind) {
        DeferredQueue queue = backend(kind).deferredQueue();
        Added first = queue.add(entry("Alice@example.com", "k1", T0.plusSeconds(60)));
        assertThat(first.created()).isTrue();
        assertThat(queue.add(entry("alice@example.com", "k1", T0.plusSeconds(90)))).isEqualTo(new Added(first.id(), false));
        Added second = queue.add(entry("alice@example.com", "k2", T0.plusSeconds(30)));
        assertThat(queue.add(entry("bob@example.com", "k1", T0.plusSeconds(60))).created()).isTrue();

        Entry stored = queue.get(first.id()).orElseThrow();
        assertThat(stored.owner()).isEqualTo("alice@example.com");
        assertThat(stored.subject()).contains("hello");
        assertThat(stored.contributionId()).isEmpty();
        assertThat(stored.imdnMessageId()).contains("imdn-k1");
        assertThat(stored.object()).isEqualTo("body k1".getBytes());
        assertThat(stored.queuedAt()).isEqualTo(T0);
        assertThat(stored.expires()).isEqualTo(T0.plusSeconds(60));
        assertThat(stored.state()).isEqualTo(State.QUEUED);
        assertThat(queue.list("alice@example.com")).extracting(Entry::objectKey).containsExactly("k1", "k2");

        assertThat(queue.setState(second.id(), State.KEPT)).isTrue();
        assertThat(queue.pending("alice@example.com", T0)).extracting(Entry::objectKey).containsExactly("k1");
        assertThat(queue.pending("alice@example.com", T0.plusSeconds(60))).isEmpty();

        assertThat(queue.expired(T0.plusSeconds(60), 10)).extracting(Entry::objectKey).containsExactly("k2", "k1", "k1");
        assertThat(queue.claimExpired(T0.plusSeconds(30), 10)).extracting(Entry::objectKey).containsExactly("k2");

        assertThat(queue.remove(first.id())).isTrue();
        assertThat(queue.remove(first.id())).isFalse();
        assertThat(queue.setState(first.id(), State.KEPT)).isFalse();
        assertThat(queue.get(first.id())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aPushClaimOfThisNodeIsReleased(String kind) {
        DeferredQueue queue = backend(kind).deferredQueue();
        long id = queue.add(entry("alice@example.com", "k1", T0.plusSeconds(60))).id();
        assertThat(queue.claimForPush(id)).isTrue();
        queue.releasePush(id);
        assertThat(queue.claimForPush(id)).isTrue();
    }
}
