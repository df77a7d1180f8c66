package org.cpmmss.james.imap.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imapserver.netty.NettyConstants;
import org.apache.james.protocols.netty.CommandInjectionDetectedException;
import org.apache.james.protocols.netty.LineHandlerAware;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/**
 * The IMAP request decoder of cpm-mss, in the pipeline in place of James's line framer and request decoder
 * (under James's name {@value NettyConstants#REQUEST_DECODER}, where {@code NettyImapSession} looks for the
 * {@link LineHandlerAware} that IDLE and AUTHENTICATE use). A {@link CommandAssembler} frames whole commands;
 * each is passed on once, as a {@link FramedRequest} that {@link DeferredDecodingProcessor} decodes in turn.
 * It also answers "+ Ok" to an accepted synchronizing literal, refuses an over-large literal with
 * {@code NO [TOOBIG]}, refuses bytes pipelined behind STARTTLS, asks the kernel to acknowledge at once while a
 * command is incomplete ({@link QuickAck}), and when the client half-closes its side, answers what it sent and
 * then closes (so that a LOGOUT followed by the client's FIN still gets {@code * BYE} and its tagged OK); a close
 * asked for while a LOGOUT the client sent is still being processed waits until it is answered.
 */
public final class ImapCommandFramer extends ChannelDuplexHandler implements LineHandlerAware {
    private static final byte[] CONTINUATION_REQUEST = "+ Ok\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final long HALF_CLOSED_GRACE_SECONDS = 60;

    private final CommandAssembler assembler;
    private final QuickAck quickAck;
    private final Deque<ChannelInboundHandlerAdapter> lineHandlers = new ConcurrentLinkedDeque<>();
    private ChannelHandlerContext context;
    private OrderedWrites writes;
    private long commandsPassedOn;
    private long commandsCompleted;
    /** Number (1-based, in order) of the last LOGOUT passed on; 0 when none. */
    private long logoutNumber;
    private ChannelPromise deferredClose;
    private boolean forceClose;
    private boolean inputShutdown;
    private boolean startTlsPending;
    private boolean refusing;
    /** Commands framed so far: passed on, or waiting behind an answer of this framer's own. */
    private long commandsFramed;
    /**
     * What waits for its turn, oldest first: answers of this framer's own (continuation requests, refusals) until the
     * commands framed before them are answered, and the commands framed after such an answer until it is written.
     */
    private final Deque<Object> waiting = new ArrayDeque<>();

    /** An answer to write once {@code afterCommands} commands framed are answered. */
    private record HeldAnswer(long afterCommands, ByteBuf bytes) {
    }

    public ImapCommandFramer(FramingLimits limits, Path spillDirectory, QuickAck quickAck) {
        this.assembler = new CommandAssembler(limits, spillDirectory);
        this.quickAck = quickAck;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
        this.writes = OrderedWrites.of(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (refusing) {
                return;
            }
            if (startTlsPending) {
                if (detectingInjection()) {
                    injection(ctx);
                    return;
                }
                startTlsPending = false;
            }
            assembler.feed(in, events);
            if (startTlsPending && in.isReadable()) {
                injection(ctx);
                return;
            }
            if (assembler.midCommand()) {
                quickAck.acknowledgeNow(ctx.channel());
            }
        } finally {
            in.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // not passed on: after this framer, a read-complete means "one command processed" (see CommandCompletions)
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            ctx.executor().schedule(() -> {
                forceClose = true;
                closeAfterFlush(ctx);
            }, HALF_CLOSED_GRACE_SECONDS, TimeUnit.SECONDS);
            closeWhenAnswered(ctx);
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        assembler.discard();
        for (Object held : waiting) {
            if (held instanceof HeldAnswer answer) {
                answer.bytes().release();
            } else {
                ((FramedCommand) held).release();
            }
        }
        waiting.clear();
        super.channelInactive(ctx);
    }

    /** Called on the event loop when the core handler has finished one command this framer passed on. */
    void commandCompleted() {
        commandsCompleted++;
        if (context == null) {
            return;
        }
        releaseInTurn();
        if (deferredClose != null && !logoutPending()) {
            ChannelPromise promise = deferredClose;
            deferredClose = null;
            writes.writeAndFlush(Unpooled.EMPTY_BUFFER)
                .addListener(done -> context.close(promise));
            return;
        }
        closeWhenAnswered(context);
    }

    /**
     * A close asked for while a LOGOUT the client sent is not processed yet waits for it: the client gets
     * {@code * BYE} and the tagged OK of its LOGOUT before the connection ends.
     */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
        if (logoutPending() && !forceClose && ctx.channel().isActive()) {
            deferredClose = promise;
            return;
        }
        super.close(ctx, promise);
    }

    private boolean logoutPending() {
        return logoutNumber > commandsCompleted;
    }

    @Override
    public void pushLineHandler(ChannelInboundHandlerAdapter lineHandler) {
        lineHandlers.addFirst(lineHandler);
    }

    @Override
    public void popLineHandler() {
        lineHandlers.pollFirst();
    }

    private void closeWhenAnswered(ChannelHandlerContext ctx) {
        if (inputShutdown && commandsPassedOn <= commandsCompleted && waiting.isEmpty()) {
            closeAfterFlush(ctx);
        }
    }

    private void closeAfterFlush(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            writes.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private ImapSession session() {
        return context.channel().attr(NettyConstants.IMAP_SESSION_ATTRIBUTE_KEY).get();
    }

    private boolean detectingInjection() {
        ImapSession session = session();
        return session != null && session.needsCommandInjectionDetection();
    }

    private void injection(ChannelHandlerContext ctx) {
        refusing = true;
        assembler.discard();
        ctx.fireExceptionCaught(new CommandInjectionDetectedException());
    }

    private final CommandAssembler.Events events = new CommandAssembler.Events() {
        @Override
        public boolean lineHandlerActive() {
            return !lineHandlers.isEmpty();
        }

        @Override
        public void rawLine(byte[] line) {
            ChannelInboundHandlerAdapter handler = lineHandlers.peekFirst();
            if (handler == null) {
                return;
            }
            try {
                handler.channelRead(context, Unpooled.wrappedBuffer(line));
            } catch (Exception e) {
                context.fireExceptionCaught(e);
            }
        }

        @Override
        public boolean command(FramedCommand command) {
            ImapSession session = session();
            if (session == null || session.getState() == ImapSessionState.LOGOUT) {
                command.release();
                return true;
            }
            commandsFramed++;
            String name = command.commandName();
            if (waiting.isEmpty()) {
                passOn(command);
            } else {
                waiting.add(command);
            }
            if ("STARTTLS".equals(name) && session.supportStartTLS() && session.needsCommandInjectionDetection()) {
                startTlsPending = true;
                return false;
            }
            return true;
        }

        @Override
        public void continuationRequest() {
            answerInTurn(Unpooled.wrappedBuffer(CONTINUATION_REQUEST));
        }

        @Override
        public void refused(String response) {
            answerInTurn(Unpooled.copiedBuffer(response + "\r\n", StandardCharsets.US_ASCII));
        }
    };

    private void passOn(FramedCommand command) {
        commandsPassedOn++;
        if ("LOGOUT".equals(command.commandName())) {
            logoutNumber = commandsPassedOn;
        }
        context.fireChannelRead(new FramedRequest(command));
    }

    /**
     * Writes an answer of this framer's own once every command framed before it is answered, and holds the commands
     * framed after it until then. The framer runs on the connection's event loop, while the commands before are
     * answered from the threads that run them: Netty sends a write made on the event loop at once, ahead of the writes
     * other threads have queued for it, so a continuation request written when its line arrived could land among (even
     * inside) the answer of a command pipelined before it — say between a FETCH response's literal announcement and
     * its bytes; and a refusal could follow the answer of a command sent after it. A held answer goes out when the
     * ends of the commands before it are signalled ({@link #commandCompleted}, which runs after their last write).
     */
    private void answerInTurn(ByteBuf answer) {
        if (waiting.isEmpty() && commandsCompleted >= commandsFramed) {
            writes.writeAndFlush(answer);
            return;
        }
        waiting.add(new HeldAnswer(commandsFramed, answer));
    }

    /** Writes the held answers whose turn has come and passes on the commands that waited behind them. */
    private void releaseInTurn() {
        while (!waiting.isEmpty()) {
            Object first = waiting.peekFirst();
            if (first instanceof HeldAnswer held) {
                if (held.afterCommands() > commandsCompleted) {
                    break;
                }
                waiting.pollFirst();
                writes.writeAndFlush(held.bytes());
            } else {
                waiting.pollFirst();
                passOn((FramedCommand) first); // may run (and end) the command at once: polled first
            }
        }
    }
}
