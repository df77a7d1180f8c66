package org.cpmmss.james.imap.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * {@link MailboxWriteQueue} with the interleaving in the test's hands: each command is a Mono the test completes
 * itself, so "the second write has not started" or "the second read ran while the first one was held" is observed,
 * not hoped for.
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

    @Test
    void aSecondReadOfTheSameAccountRunsAndCompletesWhileTheFirstIsHeld() {
        Sinks.Empty<Void> held = Sinks.empty();
        queue.read("alice", write("held read", held)).subscribe();

        // the second read completes on the calling thread: it never waited for the first
        queue.read("alice", Mono.fromRunnable(() -> started.add("second read"))).block(Duration.ofSeconds(10));
        assertThat(started).containsExactly("held read", "second read");
        held.tryEmitEmpty();
    }

    @Test
    void aWriteWaitsForTheRunningReadsAndTheReadsQueuedBehindItWaitForTheWrite() {
        Sinks.Empty<Void> firstRead = Sinks.empty();
        Sinks.Empty<Void> secondRead = Sinks.empty();
        Sinks.Empty<Void> writeDone = Sinks.empty();
        Sinks.Empty<Void> lateRead = Sinks.empty();
        queue.read("alice", write("first read", firstRead)).subscribe();
        queue.read("alice", write("second read", secondRead)).subscribe();
        queue.serialise("alice", write("write", writeDone)).subscribe();
        queue.read("alice", write("late read", lateRead)).subscribe();
        assertThat(started).containsExactly("first read", "second read");

        firstRead.tryEmitEmpty();
        assertThat(started).containsExactly("first read", "second read");
        secondRead.tryEmitEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 3);
        assertThat(started).containsExactly("first read", "second read", "write");

        writeDone.tryEmitEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 4);
        assertThat(started).containsExactly("first read", "second read", "write", "late read");
        lateRead.tryEmitEmpty();
    }

    @Test
    void readsWaitingForAWriteAllStartTogetherWhenItCompletes() {
        Sinks.Empty<Void> writeDone = Sinks.empty();
        Sinks.Empty<Void> firstRead = Sinks.empty();
        Sinks.Empty<Void> secondRead = Sinks.empty();
        Sinks.Empty<Void> nextWrite = Sinks.empty();
        queue.serialise("alice", write("write", writeDone)).subscribe();
        queue.read("alice", write("first read", firstRead)).subscribe();
        queue.read("alice", write("second read", secondRead)).subscribe();
        queue.serialise("alice", write("next write", nextWrite)).subscribe();
        assertThat(started).containsExactly("write");

        writeDone.tryEmitEmpty();
        // both reads run at once (neither is completed by the test), the write behind them still waits
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 3);
        assertThat(started).containsExactlyInAnyOrder("write", "first read", "second read");

        firstRead.tryEmitEmpty();
        secondRead.tryEmitEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 4);
        assertThat(started).endsWith("next write");
        nextWrite.tryEmitEmpty();
    }

    @Test
    void aCommandCancelledWhileWaitingGivesUpItsPlace() {
        Sinks.Empty<Void> read = Sinks.empty();
        queue.read("alice", write("read", read)).subscribe();
        Disposable waitingWrite = queue.serialise("alice", write("cancelled write", Sinks.empty())).subscribe();
        Sinks.Empty<Void> secondRead = Sinks.empty();
        queue.read("alice", write("second read", secondRead)).subscribe();
        assertThat(started).containsExactly("read");

        // the connection of the waiting write goes away: the read behind it no longer waits for it
        waitingWrite.dispose();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2);
        assertThat(started).containsExactly("read", "second read");
        read.tryEmitEmpty();
        secondRead.tryEmitEmpty();

        Sinks.Empty<Void> next = Sinks.empty();
        queue.serialise("alice", write("next write", next)).subscribe();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 3);
        assertThat(started).containsExactly("read", "second read", "next write");
        next.tryEmitEmpty();
    }

    @Test
    void aReadOfAnotherAccountDoesNotWaitForAWrite() {
        Sinks.Empty<Void> alice = Sinks.empty();
        Sinks.Empty<Void> bob = Sinks.empty();
        queue.serialise("alice", write("alice write", alice)).subscribe();
        queue.read("bob", write("bob read", bob)).subscribe();
        assertThat(started).containsExactly("alice write", "bob read");
        alice.tryEmitEmpty();
        bob.tryEmitEmpty();
    }

    @Test
    void appendsOfOneAccountRunSideBySideButNeverBesideAReadOrAWrite() {
        Sinks.Empty<Void> firstAppend = Sinks.empty();
        Sinks.Empty<Void> secondAppend = Sinks.empty();
        Sinks.Empty<Void> writeDone = Sinks.empty();
        Sinks.Empty<Void> readDone = Sinks.empty();
        queue.append("alice", write("first append", firstAppend)).subscribe();
        queue.append("alice", write("second append", secondAppend)).subscribe();
        queue.serialise("alice", write("write", writeDone)).subscribe();
        queue.read("alice", write("read", readDone)).subscribe();
        assertThat(started).containsExactly("first append", "second append");

        firstAppend.tryEmitEmpty();
        assertThat(started).containsExactly("first append", "second append");
        secondAppend.tryEmitEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 3);
        assertThat(started).containsExactly("first append", "second append", "write");
        writeDone.tryEmitEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 4);
        readDone.tryEmitEmpty();

        Sinks.Empty<Void> heldRead = Sinks.empty();
        queue.read("alice", write("held read", heldRead)).subscribe();
        queue.append("alice", Mono.fromRunnable(() -> started.add("append after read"))).subscribe();
        assertThat(started).as("an append waits for the running read").hasSize(5);
        heldRead.tryEmitEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 6);
        assertThat(started.get(5)).isEqualTo("append after read");
    }
}
