package org.cpmmss.james.mailbox.events;

import java.util.function.BiConsumer;

import com.rabbitmq.client.Channel;

import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Scheduler;
import reactor.rabbitmq.ChannelPool;

/**
 * The event bus's RabbitMQ channel pool (James's {@code ReactorRabbitMQChannelPool}), with every channel given back
 * on a thread of {@code releases} instead of the thread that finished with it.
 *
 * <p>A publish with confirms finishes on the connection's reader thread (the confirm arrives there). Given back on
 * that thread, the channel goes straight to a publish waiting for one, or the pool opens a new channel for it — and
 * both run blocking RPCs (channel open, {@code confirm.select}) whose replies only that reader thread can read. It
 * waits for itself: the connection stops, every later event of the node fails to be dispatched after the pool's
 * borrow time-outs, and each door answers "storage failure" (seen under four PF connections on a two-node cluster:
 * the connection's thread parked in {@code ChannelN.open} called from {@code Sender$PublishConfirmSubscriber}).</p>
 */
public final class OffThreadChannelRelease implements ChannelPool {
    private final ChannelPool pool;
    private final Scheduler releases;

    public OffThreadChannelRelease(ChannelPool pool, Scheduler releases) {
        this.pool = pool;
        this.releases = releases;
    }

    @Override
    public Mono<? extends Channel> getChannelMono() {
        return pool.getChannelMono();
    }

    @Override
    public BiConsumer<SignalType, Channel> getChannelCloseHandler() {
        BiConsumer<SignalType, Channel> release = pool.getChannelCloseHandler();
        return (signal, channel) -> releases.schedule(() -> release.accept(signal, channel));
    }

    /** Closing is the pool's owner's business (James's pool closes with the server). */
    @Override
    public void close() {
    }
}
