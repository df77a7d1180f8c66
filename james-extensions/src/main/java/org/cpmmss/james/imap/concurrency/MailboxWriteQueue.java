package org.cpmmss.james.imap.concurrency;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the writing IMAP commands of one account one after the other, whatever connection they come from, without
 * holding a thread while one waits: each command is chained behind the completion of the previous one of the
 * same account. This is what keeps concurrent STORE, EXPUNGE, APPEND, COPY/MOVE and SELECT (which resets
 * \Recent) of one user from failing in James's JPA mailbox (optimistic-lock violations on the flags of one message,
 * a keyword row written for a message another session just expunged, lock timeouts in H2).
 */
public final class MailboxWriteQueue {
    private final ConcurrentHashMap<Object, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /** {@code work}, started once every earlier write of {@code account} has completed. */
    <T> Mono<T> serialise(Object account, Mono<T> work) {
        return Mono.defer(() -> {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            AtomicReference<CompletableFuture<Void>> previous = new AtomicReference<>();
            tails.compute(account, (key, tail) -> {
                previous.set(tail);
                return mine;
            });
            CompletableFuture<Void> before = previous.get();
            // after a wait, go on on a worker thread rather than on the thread that finished the previous write
            Mono<Void> waiting = before == null || before.isDone() ? Mono.empty()
                : Mono.fromFuture(before).publishOn(Schedulers.boundedElastic());
            return waiting.then(work)
                .doFinally(signal -> {
                    tails.remove(account, mine);
                    mine.complete(null);
                });
        });
    }
}
