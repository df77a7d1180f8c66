package org.cpmmss.james.mailbox.events;

import java.util.Set;

import org.apache.james.events.Event;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.events.Registration;
import org.apache.james.events.RegistrationKey;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * James's RabbitMQ event bus, whose dispatches complete on a thread of {@code completions}.
 *
 * <p>A dispatch ends with a publish the broker confirms, and the confirm is read, and the dispatch completed, on the
 * connection's reader thread: whatever follows the dispatch ran there — the next announcement of the folder
 * ({@code AnnouncementOrder}), the rest of the append, the door's next step. When that work dispatched again and
 * the channel pool opened a channel for it (a blocking RPC whose reply only the reader thread can read), the thread
 * waited for itself: the node's connection stopped and every later dispatch failed after the pool's time-outs, each
 * door answering "storage failure" (the two-node drill, docs/scale-out.md; thread dump: {@code ChannelN.open} under
 * {@code Sender$PublishConfirmSubscriber.handleAckNack}).</p>
 */
public final class OffConnectionThreadEventBus extends ForwardingEventBus {
    private final Scheduler completions;

    public OffConnectionThreadEventBus(EventBus delegate, Scheduler completions) {
        super(delegate);
        this.completions = completions;
    }

    @Override
    public Mono<Void> dispatch(Event event, Set<RegistrationKey> keys) {
        return super.dispatch(event, keys).publishOn(completions);
    }

    @Override
    public Mono<Void> reDeliver(Group group, Event event) {
        return super.reDeliver(group, event).publishOn(completions);
    }

    @Override
    public Publisher<Registration> register(EventListener.ReactiveEventListener listener, RegistrationKey key) {
        return Mono.from(super.register(listener, key)).publishOn(completions);
    }
}
