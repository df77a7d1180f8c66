package org.cpmmss.james.imap.concurrency;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Whose turn it is among the queued IMAP commands of one account: the reads running, the appends running, the write
 * running (at most one, and never beside anything else) and the commands waiting, in arrival order. A command at the
 * head of the line is let in as soon as it fits: a read when no write and no append runs, an append when no write and
 * no read runs (appends run side by side: the store gives each its own UID and lets them share one forced commit),
 * a write when nothing runs; the commands of the same kind right behind an admitted one come in with it, a command
 * behind a waiting one of another kind waits for it (so no kind is starved).
 * Not thread-safe: {@link MailboxWriteQueue} changes it only inside its map's atomic {@code compute}.
 */
final class AccountTurns {
    /** What a command does to the account: reads share it, appends share it, a write has it alone. */
    enum Kind { READ, APPEND, WRITE }

    /** One queued command: its kind, and the signal that lets it run. */
    static final class Turn {
        final Kind kind;
        final CompletableFuture<Void> admitted = new CompletableFuture<>();
        private boolean running;

        Turn(Kind kind) {
            this.kind = kind;
        }
    }

    private final Deque<Turn> waiting = new ArrayDeque<>();
    private int readsRunning;
    private int appendsRunning;
    private boolean writeRunning;

    /** {@code turn} joins the end of the line; returns the commands that may start now. */
    List<Turn> arrive(Turn turn) {
        waiting.addLast(turn);
        return admit();
    }

    /** {@code turn} finished, failed or was cancelled (running or still waiting); returns the commands that may start now. */
    List<Turn> leave(Turn turn) {
        if (turn.running) {
            turn.running = false;
            switch (turn.kind) {
                case WRITE -> writeRunning = false;
                case APPEND -> appendsRunning--;
                default -> readsRunning--;
            }
        } else {
            waiting.remove(turn);
        }
        return admit();
    }

    boolean idle() {
        return readsRunning == 0 && appendsRunning == 0 && !writeRunning && waiting.isEmpty();
    }

    private List<Turn> admit() {
        List<Turn> admitted = new ArrayList<>();
        while (!waiting.isEmpty() && fits(waiting.peekFirst())) {
            Turn next = waiting.removeFirst();
            next.running = true;
            switch (next.kind) {
                case WRITE -> writeRunning = true;
                case APPEND -> appendsRunning++;
                default -> readsRunning++;
            }
            admitted.add(next);
        }
        return admitted;
    }

    private boolean fits(Turn turn) {
        return switch (turn.kind) {
            case WRITE -> readsRunning == 0 && appendsRunning == 0 && !writeRunning;
            case APPEND -> readsRunning == 0 && !writeRunning;
            default -> appendsRunning == 0 && !writeRunning;
        };
    }
}
