package org.cpmmss.james.mailbox.events;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.james.events.EventListener;
import org.apache.james.events.RegistrationKey;

import com.google.common.collect.ImmutableSet;

/**
 * The key listeners of the local event bus: which listeners (IDLE, NOTIFY, a selected folder) wait for events under
 * which registration key (a mailbox id, {@link EveryNodeKey}). Safe for registrations and dispatches from any thread:
 * each key maps to an immutable set replaced atomically on every change (copy on write), so a dispatch reads a
 * snapshot while IMAP sessions register and unregister. A listener registered twice under one key is held once,
 * and one unregistration removes it, as with James's in-VM bus.
 */
public class KeyListenerRegistry {
    private final ConcurrentMap<RegistrationKey, ImmutableSet<EventListener.ReactiveEventListener>> listenersByKey =
        new ConcurrentHashMap<>();

    public void add(RegistrationKey key, EventListener.ReactiveEventListener listener) {
        listenersByKey.compute(key, (k, listeners) -> listeners == null
            ? ImmutableSet.of(listener)
            : ImmutableSet.<EventListener.ReactiveEventListener>builder().addAll(listeners).add(listener).build());
    }

    public void remove(RegistrationKey key, EventListener.ReactiveEventListener listener) {
        listenersByKey.computeIfPresent(key, (k, listeners) -> {
            ImmutableSet<EventListener.ReactiveEventListener> rest = listeners.stream()
                .filter(registered -> !registered.equals(listener))
                .collect(ImmutableSet.toImmutableSet());
            return rest.isEmpty() ? null : rest;
        });
    }

    /** How many listeners are registered under all keys together (IMAP selections, IDLEs; for tests and metrics). */
    public int size() {
        return listenersByKey.values().stream().mapToInt(Set::size).sum();
    }

    /** The listeners of any of these keys, each once, in key then registration order. */
    public Set<EventListener.ReactiveEventListener> listenersOf(Set<RegistrationKey> keys) {
        ImmutableSet.Builder<EventListener.ReactiveEventListener> listeners = ImmutableSet.builder();
        for (RegistrationKey key : keys) {
            listeners.addAll(listenersByKey.getOrDefault(key, ImmutableSet.of()));
        }
        return listeners.build();
    }
}
