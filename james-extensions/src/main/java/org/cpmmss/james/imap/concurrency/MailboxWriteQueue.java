package org.cpmmss.james.imap.concurrency;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.cpmmss.james.imap.concurrency.AccountTurns.Kind;
import org.cpmmss.james.imap.concurrency.AccountTurns.Turn;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The reader/writer queue of each account's IMAP commands, whatever connection they come from: a write (STORE,
 * EXPUNGE, COPY/MOVE, SELECT which resets \Recent, a FETCH that sets \Seen…) runs alone, with no other
 * command of the account beside it; reads (a FETCH that changes nothing) run side by side, and so do APPENDs (each
 * gets its own UID from the store, and together they share one forced commit). Commands are let in
 * in arrival order ({@link AccountTurns}), so a write waits only for the reads already running and the reads
 * arriving after it wait for it. Nothing holds a thread while it waits: a command is chained behind the signal
 * that admits it. This keeps concurrent writes of one user from failing in James's JPA mailbox (optimistic-lock
 * violations on the flags of one message, a keyword row written for a message another session just expunged,
 * lock timeouts in H2) and a FETCH from reading a message being expunged, while one user's devices still read at
 * the same time. See docs/imap-concurrency.md.
 */
public final class MailboxWriteQueue {
    private final ConcurrentHashMap<Object, AccountTurns> accounts = new ConcurrentHashMap<>();

    /** {@code work} as a write of {@code account}: started when no other command of the account runs. */
    <T> Mono<T> serialise(Object account, Mono<T> work) {
        return inTurn(account, Kind.WRITE, work);
    }

    /** {@code work} as a read of {@code account}: started beside other reads, never beside a write or an append. */
    <T> Mono<T> read(Object account, Mono<T> work) {
        return inTurn(account, Kind.READ, work);
    }

    /**
     * {@code work} as an APPEND of {@code account}: started beside other appends (concurrent appends share the
     * store's forced commit), never beside a read or a write.
     */
    <T> Mono<T> append(Object account, Mono<T> work) {
        return inTurn(account, Kind.APPEND, work);
    }

    private <T> Mono<T> inTurn(Object account, Kind kind, Mono<T> work) {
        return Mono.defer(() -> {
            Turn turn = new Turn(kind);
            start(change(account, turns -> turns.arrive(turn)));
            // after a wait, go on on a worker thread rather than on the thread that finished the previous command
            Mono<Void> waiting = turn.admitted.isDone() ? Mono.empty()
                : Mono.fromFuture(turn.admitted).publishOn(Schedulers.boundedElastic());
            return waiting.then(work)
                .doFinally(signal -> start(change(account, turns -> turns.leave(turn))));
        });
    }

    private List<Turn> change(Object account, Function<AccountTurns, List<Turn>> step) {
        AtomicReference<List<Turn>> admitted = new AtomicReference<>(List.of());
        accounts.compute(account, (key, turns) -> {
            AccountTurns current = turns == null ? new AccountTurns() : turns;
            admitted.set(step.apply(current));
            return current.idle() ? null : current;
        });
        return admitted.get();
    }

    private static void start(List<Turn> admitted) {
        admitted.forEach(turn -> turn.admitted.complete(null));
    }
}
