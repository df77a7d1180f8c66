package org.cpmmss.james.imap.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * {@link MailboxWriteQueue} with the interleaving in the test's hands: each write is a Mono the test completes
 * itself, so "the second write has not started" is observed, not hoped for.
 */
class MailboxWriteQueueTest {
    private final MailboxWriteQueue queue = new MailboxWriteQueue();
    private final List<String> started = new CopyOnWriteArrayList<>();

    private Mono<Void> write(String name, Sinks.Empty<Void> done) {
        return Mono.defer(() -> {
            started.add(name);
            return done.asMono();
        });
    }

    @Test
    void aSecondWriteOfTheSameAccountStartsOnlyWhenTheFirstHasCompleted() {
        Sinks.Empty<Void> first = Sinks.empty();
        Sinks.Empty<Void> second = Sinks.empty();
        queue.serialise("alice", write("first", first)).subscribe();
        queue.serialise("alice", write("second", second)).subscribe();
        assertThat(started).containsExactly("first");

        first.tryEmitEmpty();
        // after a wait the second write goes on on a worker thread
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2);
        assertThat(started).containsExactly("first", "second");
        second.tryEmitEmpty();
    }

    @Test
    void aFailedWriteReleasesTheQueue() {
        queue.serialise("alice", Mono.error(new IllegalStateException("save failed"))).onErrorResume(e -> Mono.empty()).block();
        Sinks.Empty<Void> next = Sinks.empty();
        queue.serialise("alice", write("next", next)).subscribe();
        assertThat(started).containsExactly("next");
        next.tryEmitEmpty();
    }

    @Test
    void writesOfDifferentAccountsDoNotWaitForEachOther() {
        Sinks.Empty<Void> alice = Sinks.empty();
        Sinks.Empty<Void> bob = Sinks.empty();
        queue.serialise("alice", write("alice", alice)).subscribe();
        queue.serialise("bob", write("bob", bob)).subscribe();
        assertThat(started).containsExactly("alice", "bob");
        alice.tryEmitEmpty();
        bob.tryEmitEmpty();
    }
}
