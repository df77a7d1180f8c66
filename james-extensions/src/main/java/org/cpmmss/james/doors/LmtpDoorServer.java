package org.cpmmss.james.doors;

import org.apache.james.lmtpserver.netty.LMTPMetricsImpl;
import org.apache.james.lmtpserver.netty.LMTPServer;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.AbstractSSLAwareChannelPipelineFactory;
import org.apache.james.protocols.netty.HandlerConstants;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * James's LMTP server with the connection's lines framed on its own event loop and its replies written together.
 *
 * <p>James frames the lines of an LMTP connection on a separate executor group and handles them on the connection's
 * event loop: every line went loop → executor → loop, two thread hand-offs with their wake-ups, and every reply was
 * written and flushed on its own (a PF's pipelined MAIL, RCPT, RCPT, DATA cost four socket writes, the two
 * recipients' final answers two more). Here the framer runs on the connection's event loop, where the handlers
 * already run (the delivery itself still waits there for its forced write, as before), and the replies of one read
 * leave in one write at its end ({@link FlushConsolidationHandler}, placed just before the protocol handler: a reply
 * written outside a read is flushed by a task on the loop at once). Same handlers, same replies in the same order,
 * same TLS, limits and timeouts as James's pipeline (docs/benchmarks.md, "Thirtieth session").</p>
 */
public class LmtpDoorServer extends LMTPServer {
    /** The pipeline name of the reply consolidation. */
    static final String REPLY_FLUSHES = "replyFlushes";
    /** At most this many flushes wait for the end of a read; the next one writes them all at once. */
    private static final int MAX_WAITING_FLUSHES = 64;

    public LmtpDoorServer(LMTPMetricsImpl metrics) {
        super(metrics);
    }

    @Override
    protected AbstractChannelPipelineFactory createPipelineFactory() {
        // no executor group: the framer runs on the channel's event loop
        return new AbstractSSLAwareChannelPipelineFactory<SocketChannel>(getTimeout(), connectionLimit, connPerIP,
            proxyRequired, this::getEncryption, getFrameHandlerFactory(), null) {
            @Override
            public void initChannel(SocketChannel channel) throws Exception {
                super.initChannel(channel);
                channel.pipeline().addBefore(HandlerConstants.CORE_HANDLER, REPLY_FLUSHES,
                    new FlushConsolidationHandler(MAX_WAITING_FLUSHES, true));
            }

            @Override
            protected ChannelInboundHandlerAdapter createHandler() {
                return createCoreHandler();
            }
        };
    }
}
