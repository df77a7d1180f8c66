package org.cpmmss.james.imap.concurrency;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Whose turn it is among the queued IMAP commands of one account: the reads running, the write running (at most
 * one, and never beside a read) and the commands waiting, in arrival order. A command at the head of the line is
 * let in as soon as it fits: a read when no write runs, a write when nothing runs; the reads right behind an admitted
 * read come in with it, a read behind a waiting write waits for that write (so writes are not starved).
 * Not thread-safe: {@link MailboxWriteQueue} changes it only inside its map's atomic {@code compute}.
 */
final class AccountTurns {
    /** One queued command: a read or a write, and the signal that lets it run. */
    static final class Turn {
        final boolean write;
        final CompletableFuture<Void> admitted = new CompletableFuture<>();
        private boolean running;

        Turn(boolean write) {
            this.write = write;
        }
    }

    private final Deque<Turn> waiting = new ArrayDeque<>();
    private int readsRunning;
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
            if (turn.write) {
                writeRunning = false;
            } else {
                readsRunning--;
            }
        } else {
            waiting.remove(turn);
        }
        return admit();
    }

    boolean idle() {
        return readsRunning == 0 && !writeRunning && waiting.isEmpty();
    }

    private List<Turn> admit() {
        List<Turn> admitted = new ArrayList<>();
        while (!waiting.isEmpty() && fits(waiting.peekFirst())) {
            Turn next = waiting.removeFirst();
            next.running = true;
            if (next.write) {
                writeRunning = true;
            } else {
                readsRunning++;
            }
            admitted.add(next);
        }
        return admitted;
    }

    private boolean fits(Turn turn) {
        return turn.write ? readsRunning == 0 && !writeRunning : !writeRunning;
    }
}
