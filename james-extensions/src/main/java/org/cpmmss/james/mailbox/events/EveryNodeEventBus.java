package org.cpmmss.james.mailbox.events;

import java.util.Set;

import org.apache.james.events.Event;
import org.apache.james.events.EventBus;
import org.apache.james.events.RegistrationKey;

import com.google.common.collect.ImmutableSet;

import reactor.core.publisher.Mono;

/**
 * The server's event bus: the bus {@code conf/storage.properties} selects (James's in-VM bus, or its RabbitMQ bus
 * shared by the nodes), dispatching every event under {@link EveryNodeKey} too, besides the keys its sender gave
 * (James's {@code MailboxIdRegistrationKey}, which IDLE and the selected folder listen to). Group listeners are the
 * selected bus's: with RabbitMQ they run once per event across the nodes; key listeners run on the node that
 * registered them.
 */
public class EveryNodeEventBus extends ForwardingEventBus {
    public EveryNodeEventBus(EventBus delegate) {
        super(delegate);
    }

    @Override
    public Mono<Void> dispatch(Event event, Set<RegistrationKey> keys) {
        return super.dispatch(event, ImmutableSet.<RegistrationKey>builder().addAll(keys).add(EveryNodeKey.INSTANCE).build());
    }
}
