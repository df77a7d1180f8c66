package org.cpmmss.james.imap.core;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;

/**
 * The writes of one IMAP connection, sent in the order they were made, whichever thread makes them.
 *
 * <p>Netty sends a write made on the channel's event loop at once, while a write made on another thread waits in the
 * event loop's task queue: a write on the event loop thus overtakes what other threads wrote just before it. An IMAP
 * connection is written from both: the event loop (commands answered without blocking, the framer's continuation
 * requests and refusals, closes) and the threads that run blocking commands (the store, the account's write queue).
 * Here a write made on another thread is queued in order and the event loop is asked to send the queue; a write made
 * on the event loop first sends what is queued, then itself. So two writes made one after the other (in the
 * happens-before sense) reach the socket in that order.</p>
 */
final class OrderedWrites {
    private static final AttributeKey<OrderedWrites> KEY = AttributeKey.valueOf("cpm-mss-ordered-writes");

    private final Channel channel;
    private final Queue<Pending> queued = new ConcurrentLinkedQueue<>();

    private record Pending(Object message, ChannelPromise promise) {
    }

    private OrderedWrites(Channel channel) {
        this.channel = channel;
    }

    /** The connection's ordered writes. */
    static OrderedWrites of(Channel channel) {
        OrderedWrites writes = channel.attr(KEY).get();
        if (writes == null) {
            OrderedWrites made = new OrderedWrites(channel);
            writes = channel.attr(KEY).setIfAbsent(made);
            if (writes == null) {
                writes = made;
            }
        }
        return writes;
    }

    /** Writes and flushes {@code message} after every write made before this call. */
    ChannelFuture writeAndFlush(Object message) {
        ChannelPromise promise = channel.newPromise();
        if (channel.eventLoop().inEventLoop()) {
            sendQueued(false);
            channel.writeAndFlush(message, promise);
        } else {
            queued.add(new Pending(message, promise));
            channel.eventLoop().execute(() -> sendQueued(true));
        }
        return promise;
    }

    private void sendQueued(boolean flush) {
        boolean sent = false;
        Pending pending;
        while ((pending = queued.poll()) != null) {
            channel.write(pending.message(), pending.promise());
            sent = true;
        }
        if (sent && flush) {
            channel.flush();
        }
    }
}
