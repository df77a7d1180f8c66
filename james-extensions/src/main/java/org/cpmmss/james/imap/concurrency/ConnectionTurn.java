package org.cpmmss.james.imap.concurrency;

import java.util.Optional;

import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imapserver.netty.Linearalizer;
import org.apache.james.imapserver.netty.NettyConstants;
import org.cpmmss.james.plumbing.JamesInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * Runs work of one IMAP connection that does not come from a command of the client (an IDLE's updates, the end
 * of an IDLE on DONE, an IDLE heartbeat) in turn with the connection's commands: through James's per-connection
 * {@link Linearalizer}, which every command of the connection runs through. Such work then never writes into a
 * command's response buffer while that command (or James's final flush of it) is writing there too: James's
 * response composer is not thread-safe, and an IDLE's update written beside the IDLE's own start corrupted it
 * (the IDLE answered {@code NO IDLE processing failed}, see docs/imap-concurrency.md). Without a Netty channel
 * behind the session (a test's session) the work runs at once.
 */
final class ConnectionTurn {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionTurn.class);
    private static final ConnectionTurn IMMEDIATE = new ConnectionTurn(Optional.empty());

    private final Optional<Linearalizer> linearalizer;

    private ConnectionTurn(Optional<Linearalizer> linearalizer) {
        this.linearalizer = linearalizer;
    }

    static ConnectionTurn of(ImapSession session) {
        Optional<Linearalizer> linearalizer = JamesInternals.channelOf(session)
            .map(channel -> channel.attr(NettyConstants.LINEARALIZER_ATTRIBUTE_KEY).get());
        return linearalizer.isEmpty() ? IMMEDIATE : new ConnectionTurn(linearalizer);
    }

    /** Whether work waits for the connection's commands (false without a Netty channel: work runs at once). */
    boolean followsCommands() {
        return linearalizer.isPresent();
    }

    /** Runs {@code work} when no command of the connection is in progress (at once if none is); does not wait. */
    void run(Mono<Void> work) {
        linearalizer.map(serializer -> serializer.execute(work)).orElse(work)
            .subscribe(any -> { }, e -> LOGGER.warn("IMAP: work outside a command failed", e));
    }

    void run(Runnable work) {
        run(Mono.fromRunnable(work));
    }
}
