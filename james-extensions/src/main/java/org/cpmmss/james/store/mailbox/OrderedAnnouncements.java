package org.cpmmss.james.store.mailbox;

import java.util.Collection;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.james.events.Event;
import org.apache.james.events.EventBus;
import org.apache.james.events.RegistrationKey;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.apache.james.mailbox.events.MailboxEvents.FlagsUpdated;
import org.apache.james.mailbox.events.MailboxEvents.MailboxDeletion;
import org.cpmmss.james.mailbox.events.ForwardingEventBus;

import reactor.core.publisher.Mono;

/**
 * The event bus of the native mailbox manager: James's bus, with the Added events of a folder dispatched in UID order
 * ({@link AnnouncementOrder}). The native store lets appends to one folder run side by side (no folder lock), so
 * that they share a forced commit; this keeps the order in which the selected sessions hear of the new messages.
 * The announcement of an append or a flag change made with a shared force waits for that force
 * ({@link HeldAnnouncements}).
 */
final class OrderedAnnouncements extends ForwardingEventBus {
    private final AnnouncementOrder order;

    OrderedAnnouncements(EventBus delegate, AnnouncementOrder order) {
        super(delegate);
        this.order = order;
    }

    @Override
    public Mono<Void> dispatch(Event event, Set<RegistrationKey> keys) {
        if (event instanceof MailboxDeletion deletion && deletion.getMailboxId() instanceof NativeMailboxId id) {
            return super.dispatch(event, keys).doFinally(signal -> order.forget(id.value()));
        }
        if (event instanceof FlagsUpdated flags && flags.getMailboxId() instanceof NativeMailboxId folder) {
            // a flag change whose shared force has not come yet: announced once it is durable (dropped if lost)
            OptionalLong modSeq = flags.getUpdatedFlags().stream().filter(UpdatedFlags::flagsChanged)
                .mapToLong(u -> u.getModSeq().asLong()).findFirst();
            return modSeq.isPresent() && order.held().holdFlags(folder.value(), modSeq.getAsLong(), flags,
                announced -> super.dispatch(announced, keys)) ? Mono.empty() : super.dispatch(event, keys);
        }
        if (!(event instanceof Added added) || !(added.getMailboxId() instanceof NativeMailboxId id)
            || added.getUids().isEmpty()) {
            return super.dispatch(event, keys);
        }
        Collection<MessageUid> uids = added.getUids();
        long first = uids.stream().mapToLong(MessageUid::asLong).min().orElseThrow();
        Set<Long> announcedUids = uids.stream().map(MessageUid::asLong).collect(Collectors.toSet());
        Supplier<Mono<Void>> inTurn = () -> inTurn(event, keys, id.value(), first, announcedUids);
        // an append whose shared force has not come yet: announced once it is durable (dropped if it is lost)
        return order.held().hold(id.value(), first, inTurn) ? Mono.empty() : inTurn.get();
    }

    private Mono<Void> inTurn(Event event, Set<RegistrationKey> keys, long folderId, long first,
                              Set<Long> announcedUids) {
        return order.turn(folderId, first)
            .then(Mono.defer(() -> super.dispatch(event, keys)))
            .doFinally(signal -> order.announced(folderId, announcedUids));
    }
}
