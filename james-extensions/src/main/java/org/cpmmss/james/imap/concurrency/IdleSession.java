package org.cpmmss.james.imap.concurrency;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.james.imap.api.process.ImapLineHandler;
import org.apache.james.imap.api.process.ImapSession;

/**
 * The connection's IMAP session as seen by James's IDLE processing. Two changes:
 * <ul>
 * <li>the line James's IDLE waits for (DONE) and its heartbeats are handled in turn with the connection's commands
 * ({@link ConnectionTurn}), so they never write into the IDLE's responses while the IDLE command itself is
 * still writing them; the line is taken from the client's input at once (the line handler is removed as soon as
 * it has its line), so a command the client sends right behind DONE is read as a command;</li>
 * <li>an IDLE that ends without DONE (James answered it {@code NO} or {@code BAD} while starting it) no longer
 * waits for DONE: {@link #endedWithoutDone()} removes its line handler. James left it in place, and the client's
 * next command was then taken for the IDLE's continuation line (answered {@code BAD} under the IDLE's tag, the
 * command itself never answered).</li>
 * </ul>
 */
final class IdleSession extends ForwardingImapSession {
    private final ConnectionTurn turn;
    private final AtomicBoolean waitingForDone = new AtomicBoolean();

    IdleSession(ImapSession session, ConnectionTurn turn) {
        super(session);
        this.turn = turn;
    }

    @Override
    public void pushLineHandler(ImapLineHandler lineHandler) {
        waitingForDone.set(true);
        session.pushLineHandler((connection, line) -> {
            boolean first = waitingForDone.compareAndSet(true, false);
            if (!turn.followsCommands()) {
                lineHandler.onLine(connection, line);
                return;
            }
            if (first) {
                // James's handler removes itself too, later, in turn; the connection then has no handler left
                connection.popLineHandler();
            }
            turn.run(() -> lineHandler.onLine(connection, line));
        });
    }

    @Override
    public void schedule(Runnable runnable, Duration waitDelay) {
        session.schedule(() -> turn.run(runnable), waitDelay);
    }

    /** The IDLE was answered without a DONE from the client: its line handler, when still there, is removed. */
    void endedWithoutDone() {
        if (waitingForDone.compareAndSet(true, false)) {
            session.popLineHandler();
        }
    }
}
