package org.cpmmss.james.imap.core;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The last handler of the IMAP pipeline: James's core handler signals the end of each command it processed with a
 * read-complete event, which this handler reports to the connection's {@link ImapCommandFramer} (read-complete
 * events of the socket itself stop at the framer). The framer uses the count to close a half-closed connection
 * only after every command the client sent is answered.
 */
final class CommandCompletions extends ChannelInboundHandlerAdapter {
    private final ImapCommandFramer framer;

    CommandCompletions(ImapCommandFramer framer) {
        this.framer = framer;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        framer.commandCompleted();
    }
}
