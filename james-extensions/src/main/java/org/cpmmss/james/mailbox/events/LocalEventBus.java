package org.cpmmss.james.mailbox.events;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;

import org.apache.james.events.Event;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventBusName;
import org.apache.james.events.EventDeadLetters;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.events.GroupAlreadyRegistered;
import org.apache.james.events.GroupRegistrationNotFound;
import org.apache.james.events.InVMEventBus;
import org.apache.james.events.Registration;
import org.apache.james.events.RegistrationKey;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.events.delivery.EventDelivery;

import com.google.common.collect.ImmutableSet;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The event bus of one node ({@code events.backend=local}), in place of James's {@code InVMEventBus}, whose key
 * registrations are not safe while another thread dispatches (a {@code ConcurrentModificationException} answered
 * LMTP 451 / IMAP NO). Same behaviour otherwise: group listeners get each event through James's
 * {@link EventDelivery} with retries then dead letters, key listeners ({@link KeyListenerRegistry}) without retry,
 * both at once; the bus keeps James's in-VM bus name so dead letters redeliver as before.
 */
public class LocalEventBus implements EventBus {
    private final KeyListenerRegistry keyListeners = new KeyListenerRegistry();
    private final Map<Group, EventListener.ReactiveEventListener> groupListeners = new ConcurrentHashMap<>();
    private final EventDelivery delivery;
    private final RetryBackoffConfiguration retryBackoff;
    private final EventDeadLetters deadLetters;

    @Inject
    public LocalEventBus(EventDelivery delivery, RetryBackoffConfiguration retryBackoff, EventDeadLetters deadLetters) {
        this.delivery = delivery;
        this.retryBackoff = retryBackoff;
        this.deadLetters = deadLetters;
    }

    /** Listeners registered under a key (each selected IMAP mailbox has one; for tests and metrics). */
    public int keyListenerCount() {
        return keyListeners.size();
    }

    @Override
    public Mono<Registration> register(EventListener.ReactiveEventListener listener, RegistrationKey key) {
        keyListeners.add(key, listener);
        return Mono.just(() -> Mono.fromRunnable(() -> keyListeners.remove(key, listener)));
    }

    @Override
    public Registration register(EventListener.ReactiveEventListener listener, Group group) {
        if (groupListeners.putIfAbsent(group, listener) != null) {
            throw new GroupAlreadyRegistered(group);
        }
        return () -> Mono.fromRunnable(() -> groupListeners.remove(group, listener));
    }

    @Override
    public Mono<Void> dispatch(Event event, Set<RegistrationKey> keys) {
        if (event.isNoop()) {
            return Mono.empty();
        }
        Set<EventListener.ReactiveEventListener> listeningToKeys = keyListeners.listenersOf(keys);
        return Flux.merge(toGroups(event), toKeyListeners(event, listeningToKeys))
            .then()
            .onErrorResume(error -> Mono.empty());
    }

    @Override
    public Mono<Void> reDeliver(Group group, Event event) {
        if (event.isNoop()) {
            return Mono.empty();
        }
        EventListener.ReactiveEventListener listener = Optional.ofNullable(groupListeners.get(group))
            .orElseThrow(() -> new GroupRegistrationNotFound(group));
        return toGroup(event, group, listener);
    }

    @Override
    public EventBusName eventBusName() {
        return InVMEventBus.IN_VN_EVENTBUS_NAME;
    }

    @Override
    public Collection<Group> listRegisteredGroups() {
        return ImmutableSet.copyOf(groupListeners.keySet());
    }

    private Mono<Void> toKeyListeners(Event event, Set<EventListener.ReactiveEventListener> listeners) {
        return Flux.fromIterable(listeners)
            .flatMap(listener -> delivery.deliver(listener, event, EventDelivery.DeliveryOption.none()), EXECUTION_RATE)
            .then();
    }

    private Mono<Void> toGroups(Event event) {
        return Flux.fromIterable(groupListeners.entrySet())
            .flatMap(entry -> toGroup(event, entry.getKey(), entry.getValue()), EXECUTION_RATE)
            .then();
    }

    private Mono<Void> toGroup(Event event, Group group, EventListener.ReactiveEventListener listener) {
        return delivery.deliver(listener, event, EventDelivery.DeliveryOption.of(
            EventDelivery.Retryer.BackoffRetryer.of(retryBackoff, listener),
            EventDelivery.PermanentFailureHandler.StoreToDeadLetters.of(group, deadLetters)));
    }
}
