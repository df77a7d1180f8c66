package org.cpmmss.james.imap.notify;

import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.cpmmss.james.mailbox.events.EveryNodeKey;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Guice wiring of IMAP NOTIFY: the node's session registry and its mailbox event listener, registered at start
 * under {@link EveryNodeKey} so that it hears the events of every node (docs/scale-out.md).
 */
public class NotifyModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(NotifyRegistry.class).in(Scopes.SINGLETON);
        bind(NotifyListener.class).in(Scopes.SINGLETON);
        bind(NotifyEventRegistration.class).in(Scopes.SINGLETON);
    }

    @ProvidesIntoSet
    InitializationOperation listenOnEveryNode(NotifyEventRegistration registration) {
        return InitilizationOperationBuilder.forClass(NotifyEventRegistration.class).init(registration::register);
    }
}
