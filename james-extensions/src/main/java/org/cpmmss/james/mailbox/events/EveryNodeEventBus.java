package org.cpmmss.james.mailbox.events;

import java.util.Collection;
import java.util.Set;

import org.apache.james.events.Event;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventBusName;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.events.Registration;
import org.apache.james.events.RegistrationKey;
import org.reactivestreams.Publisher;

import com.google.common.collect.ImmutableSet;

import reactor.core.publisher.Mono;

/**
 * The server's event bus: the bus {@code conf/storage.properties} selects (James's in-VM bus, or its RabbitMQ bus
 * shared by the nodes), dispatching every event under {@link EveryNodeKey} too, besides the keys its sender gave
 * (James's {@code MailboxIdRegistrationKey}, which IDLE and the selected folder listen to). Group listeners are the
 * selected bus's: with RabbitMQ they run once per event across the nodes; key listeners run on the node that
 * registered them.
 */
public class EveryNodeEventBus implements EventBus {
    private final EventBus delegate;

    public EveryNodeEventBus(EventBus delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<Void> dispatch(Event event, Set<RegistrationKey> keys) {
        return delegate.dispatch(event, ImmutableSet.<RegistrationKey>builder().addAll(keys).add(EveryNodeKey.INSTANCE).build());
    }

    @Override
    public Publisher<Registration> register(EventListener.ReactiveEventListener listener, RegistrationKey key) {
        return delegate.register(listener, key);
    }

    @Override
    public Registration register(EventListener.ReactiveEventListener listener, Group group) {
        return delegate.register(listener, group);
    }

    @Override
    public Mono<Void> reDeliver(Group group, Event event) {
        return delegate.reDeliver(group, event);
    }

    @Override
    public EventBusName eventBusName() {
        return delegate.eventBusName();
    }

    @Override
    public Collection<Group> listRegisteredGroups() {
        return delegate.listRegisteredGroups();
    }
}
