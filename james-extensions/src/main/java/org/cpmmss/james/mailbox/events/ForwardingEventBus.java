package org.cpmmss.james.mailbox.events;

import java.util.Collection;
import java.util.Set;

import org.apache.james.events.Event;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventBusName;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.events.GroupAlreadyRegistered;
import org.apache.james.events.Registration;
import org.apache.james.events.RegistrationKey;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;

/** An event bus that hands everything to another; the server's bus decorators override what they change. */
public abstract class ForwardingEventBus implements EventBus {
    private final EventBus delegate;

    protected ForwardingEventBus(EventBus delegate) {
        this.delegate = delegate;
    }

    protected final EventBus delegate() {
        return delegate;
    }

    @Override
    public Mono<Void> dispatch(Event event, Set<RegistrationKey> keys) {
        return delegate.dispatch(event, keys);
    }

    @Override
    public Mono<Void> reDeliver(Group group, Event event) {
        return delegate.reDeliver(group, event);
    }

    @Override
    public Publisher<Registration> register(EventListener.ReactiveEventListener listener, RegistrationKey key) {
        return delegate.register(listener, key);
    }

    @Override
    public Registration register(EventListener.ReactiveEventListener listener, Group group)
        throws GroupAlreadyRegistered {
        return delegate.register(listener, group);
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
