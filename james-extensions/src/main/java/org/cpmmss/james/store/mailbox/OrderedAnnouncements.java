package org.cpmmss.james.store.mailbox;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.events.Event;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventBusName;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.events.GroupAlreadyRegistered;
import org.apache.james.events.Registration;
import org.apache.james.events.RegistrationKey;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.apache.james.mailbox.events.MailboxEvents.MailboxDeletion;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;

/**
 * The event bus of the native mailbox manager: James's bus, with the Added events of a folder dispatched in UID order
 * ({@link AnnouncementOrder}). The native store lets appends to one folder run side by side (no folder lock), so
 * that they share a forced commit; this keeps the order in which the selected sessions hear of the new messages.
 */
final class OrderedAnnouncements implements EventBus {
    private final EventBus delegate;
    private final AnnouncementOrder order;

    OrderedAnnouncements(EventBus delegate, AnnouncementOrder order) {
        this.delegate = delegate;
        this.order = order;
    }

    @Override
    public Mono<Void> dispatch(Event event, Set<RegistrationKey> keys) {
        if (event instanceof MailboxDeletion deletion && deletion.getMailboxId() instanceof NativeMailboxId id) {
            return delegate.dispatch(event, keys).doFinally(signal -> order.forget(id.value()));
        }
        if (!(event instanceof Added added) || !(added.getMailboxId() instanceof NativeMailboxId id)
            || added.getUids().isEmpty()) {
            return delegate.dispatch(event, keys);
        }
        Collection<MessageUid> uids = added.getUids();
        long first = uids.stream().mapToLong(MessageUid::asLong).min().orElseThrow();
        Set<Long> announcedUids = uids.stream().map(MessageUid::asLong).collect(Collectors.toSet());
        return order.turn(id.value(), first)
            .then(Mono.defer(() -> delegate.dispatch(event, keys)))
            .doFinally(signal -> order.announced(id.value(), announcedUids));
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
