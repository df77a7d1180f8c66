package org.cpmmss.james.imap.notify;

import java.time.Duration;

import javax.inject.Inject;

import org.apache.james.events.EventBus;
import org.apache.james.lifecycle.api.Startable;
import org.cpmmss.james.mailbox.events.EveryNodeKey;

import reactor.core.publisher.Mono;

/**
 * Registers the node's {@link NotifyListener} on the event bus under {@link EveryNodeKey} at start, after the bus
 * has started (it is built from the bus, so the bus's start runs first): from then on the node hears the mailbox
 * events of every node (docs/scale-out.md).
 */
public class NotifyEventRegistration implements Startable {
    private static final Duration BINDING_TIMEOUT = Duration.ofMinutes(1);

    private final EventBus eventBus;
    private final NotifyListener listener;

    @Inject
    public NotifyEventRegistration(EventBus eventBus, NotifyListener listener) {
        this.eventBus = eventBus;
        this.listener = listener;
    }

    public void register() {
        Mono.from(eventBus.register(listener, EveryNodeKey.INSTANCE)).block(BINDING_TIMEOUT);
    }
}
