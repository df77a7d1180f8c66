package org.cpmmss.james.imap.core;

import java.io.Closeable;
import java.io.IOException;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.ImapDecoder;

/**
 * A framed command on its way to the processor, not yet decoded. It is decoded by {@link DeferredDecodingProcessor}
 * when its turn comes, after every command sent before it has been processed, so that James's parsers, which
 * check the session state (a SELECT needs a LOGIN done), see the state the client's earlier commands made.
 * James closes the message once processed: that closes the decoded request, or releases the literals of a
 * command that was never decoded.
 */
final class FramedRequest implements ImapMessage, Closeable {
    private final FramedCommand command;
    private ImapMessage decoded;

    FramedRequest(FramedCommand command) {
        this.command = command;
    }

    ImapMessage decode(ImapDecoder decoder, ImapSession session) {
        decoded = decoder.decode(new FramedCommandReader(command), session);
        if (!(decoded instanceof Closeable)) {
            command.release();
        }
        return decoded;
    }

    @Override
    public void close() throws IOException {
        if (decoded == null) {
            command.release();
        } else if (decoded instanceof Closeable) {
            ((Closeable) decoded).close();
        }
    }

    @Override
    public String toString() {
        return "FramedRequest{" + command.tag() + " " + command.commandName() + "}";
    }
}
