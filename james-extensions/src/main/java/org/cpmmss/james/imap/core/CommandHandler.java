package org.cpmmss.james.imap.core;

import java.io.Closeable;
import java.io.IOException;

import org.apache.james.core.Username;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imap.encode.base.ImapResponseComposerImpl;
import org.apache.james.imap.main.ResponseEncoder;
import org.apache.james.imapserver.netty.IMAPMDCContext;
import org.apache.james.imapserver.netty.ImapChannelUpstreamHandler;
import org.apache.james.imapserver.netty.Linearalizer;
import org.apache.james.imapserver.netty.NettyConstants;
import org.apache.james.imapserver.netty.ReactiveThrottler;
import org.apache.james.metrics.api.Metric;
import org.apache.james.util.MDCBuilder;
import org.apache.james.util.ReactorUtils;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.Attribute;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The IMAP door's core handler: James's {@link ImapChannelUpstreamHandler} for the connection's life (greeting,
 * close, errors), and its per-command work redone with fewer layers. Per command James built the command's MDC
 * from the session (two Guava maps: user, selected folder, then the connection's bound MDC), a {@code doOnEach} with
 * a signal object and two wrapped lambdas, a {@code doOnError} and a lambda subscriber; on a single-message FETCH
 * these were a tenth of the door's CPU. Here one subscriber per command does what the {@code doOnEach} did, in the
 * same order relative to the throttler's and the connection serializer's ends; the MDC context is built once per
 * (user, selected folder) of the connection and reused while they stay the same (its content is the same as
 * James's: the MDC depends on nothing else). The per-connection serializer ({@link Linearalizer}, which IDLE updates
 * and NOTIFY also go through) and the server-wide throttler are James's own.
 */
final class CommandHandler extends ChannelInboundHandlerAdapter implements NettyConstants {
    private static final Logger LOGGER = LoggerFactory.getLogger(ImapChannelUpstreamHandler.class);
    /** James's system property: how many bytes its response composer gathers before handing them to the channel. */
    static final String FLUSH_SIZE_PROPERTY = "james.imap.flush.buffer.size";

    static {
        // James's default, 8 KiB, made a 10,000-message FETCH one socket write per 8 KiB (a tenth of the header
        // pass's CPU in write syscalls); 64 KiB: an eighth of the writes. Read once by James's composer class when it
        // is loaded (first used here); an operator's own -Djames.imap.flush.buffer.size wins
        if (System.getProperty(FLUSH_SIZE_PROPERTY) == null) {
            System.setProperty(FLUSH_SIZE_PROPERTY, Integer.toString(64 * 1024));
        }
    }

    private final ImapChannelUpstreamHandler james;
    private final ImapProcessor processor;
    private final ImapEncoder encoder;
    private final ReactiveThrottler throttler;
    private final Metric commands;

    /** The MDC context of the last command, valid while the session's user and selected folder are these. */
    private Username contextUser;
    private SelectedMailbox contextSelected;
    private Context context;

    CommandHandler(ImapChannelUpstreamHandler james, ImapProcessor processor, ImapEncoder encoder,
                   ReactiveThrottler throttler, Metric commands) {
        this.james = james;
        this.processor = processor;
        this.encoder = encoder;
        this.throttler = throttler;
        this.commands = commands;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        james.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        james.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        james.exceptionCaught(ctx, cause);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        commands.increment();
        Channel channel = ctx.channel();
        ImapSession session = channel.attr(IMAP_SESSION_ATTRIBUTE_KEY).get();
        Linearalizer linearalizer = channel.attr(LINEARALIZER_ATTRIBUTE_KEY).get();
        Attribute<Disposable> inFlight = channel.attr(REQUEST_IN_FLIGHT_ATTRIBUTE_KEY);
        ChannelResponseWriter writer = new ChannelResponseWriter(channel);
        ImapResponseComposerImpl response = new ImapResponseComposerImpl(writer);
        writer.flushFirst(response);
        ImapMessage message = (ImapMessage) msg;
        ResponseEncoder responseEncoder = new ResponseEncoder(encoder, response);
        Command command = new Command(ctx, session, message, response, responseEncoder, inFlight);
        throttler.throttle(
                linearalizer.execute(processor.processReactive(message, responseEncoder, session))
                    .contextWrite(context(session)), message)
            .subscribe(command);
        inFlight.set(command);
    }

    /** James's {@code ReactorUtils.context("imap", IMAPMDCContext.from(session).addToContext(bound))}, kept. */
    private Context context(ImapSession session) {
        Username user = session.getUserName();
        SelectedMailbox selected = session.getSelected();
        if (context == null || user != contextUser || selected != contextSelected) {
            MDCBuilder bound = (MDCBuilder) session.getAttribute(ImapChannelUpstreamHandler.MDC_KEY);
            context = ReactorUtils.context("imap", IMAPMDCContext.from(session).addToContext(bound));
            contextUser = user;
            contextSelected = selected;
        }
        return context;
    }

    /**
     * One command's end, as James's {@code doOnEach}, {@code doOnError} and {@code subscribe()} handled it: close
     * after LOGOUT, a write failure reported, the heartbeat left alone (ignoreIDLEUponProcessing, James's default),
     * the request closed, the error passed on (twice, as James's chain passed it), the buffer flushed, the command's
     * end signalled ({@link CommandCompletions}).
     */
    private static final class Command implements CoreSubscriber<Void>, Disposable {
        private final ChannelHandlerContext ctx;
        private final ImapSession session;
        private final ImapMessage message;
        private final ImapResponseComposerImpl response;
        private final ResponseEncoder responseEncoder;
        private final Attribute<Disposable> inFlight;
        private volatile Subscription subscription;
        private volatile boolean disposed;

        Command(ChannelHandlerContext ctx, ImapSession session, ImapMessage message, ImapResponseComposerImpl response,
                ResponseEncoder responseEncoder, Attribute<Disposable> inFlight) {
            this.ctx = ctx;
            this.session = session;
            this.message = message;
            this.response = response;
            this.responseEncoder = responseEncoder;
            this.inFlight = inFlight;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(subscription, s)) {
                subscription = s;
                if (disposed) {
                    s.cancel();
                } else {
                    s.request(Long.MAX_VALUE);
                }
            }
        }

        @Override
        public void onNext(Void unused) {
            // Mono<Void>: never called
        }

        @Override
        public void onComplete() {
            try {
                ended(null);
            } catch (Exception e) {
                // James's doOnEach turned a failure of its own callback into the chain's error
                onError(e);
            }
        }

        @Override
        public void onError(Throwable error) {
            Throwable passed = error;
            try {
                ended(error);
            } catch (Exception e) {
                passed = Operators.onOperatorError(null, e, error, Context.empty());
            }
            // James's doOnError after the throttler, then its subscriber without an error callback
            ctx.fireExceptionCaught(passed);
            Operators.onErrorDropped(Exceptions.errorCallbackNotImplemented(passed), Context.empty());
        }

        private void ended(Throwable error) throws IOException {
            if (session.getState() == ImapSessionState.LOGOUT) {
                Channel channel = ctx.channel();
                if (channel.isActive()) {
                    // closed after the command's answer, whichever thread wrote it
                    OrderedWrites.of(channel).writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                }
            }
            if (error == null) {
                IOException failure = responseEncoder.getFailure();
                if (failure != null) {
                    try (Closeable mdc = ImapChannelUpstreamHandlerMdc.of(session).build()) {
                        LOGGER.info(failure.getMessage());
                        LOGGER.debug("Failed to write {}", message, failure);
                    }
                    ctx.fireExceptionCaught(failure);
                }
            }
            if (message instanceof Closeable) {
                ((Closeable) message).close();
            }
            if (error != null) {
                ctx.fireExceptionCaught(error);
            }
            inFlight.set(null);
            response.flush();
            ctx.fireChannelReadComplete();
        }

        @Override
        public void dispose() {
            disposed = true;
            Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public boolean isDisposed() {
            return disposed;
        }
    }

    /** The MDC James logs a failed write with (the command's context: user, selected folder, connection). */
    private static final class ImapChannelUpstreamHandlerMdc {
        static MDCBuilder of(ImapSession session) {
            MDCBuilder bound = (MDCBuilder) session.getAttribute(ImapChannelUpstreamHandler.MDC_KEY);
            return IMAPMDCContext.from(session).addToContext(bound);
        }
    }
}
