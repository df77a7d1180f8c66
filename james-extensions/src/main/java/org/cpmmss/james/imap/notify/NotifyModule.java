package org.cpmmss.james.imap.notify;

import org.apache.james.events.EventListener;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

/** Guice wiring of IMAP NOTIFY: the per-user session registry and the mailbox event-bus group listener. */
public class NotifyModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(NotifyRegistry.class).in(Scopes.SINGLETON);
        bind(NotifyListener.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), EventListener.ReactiveGroupEventListener.class)
            .addBinding().to(NotifyListener.class);
    }
}
