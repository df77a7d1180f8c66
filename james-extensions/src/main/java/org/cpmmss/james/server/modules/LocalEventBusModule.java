package org.cpmmss.james.server.modules;

import javax.inject.Singleton;

import org.apache.james.events.EventBus;
import org.cpmmss.james.mailbox.events.EveryNodeEventBus;
import org.cpmmss.james.mailbox.events.LocalEventBus;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

/**
 * {@code events.backend=local} (the default, one node): the project's {@link LocalEventBus} (James's in-VM bus with
 * thread-safe key registrations) behind {@link EveryNodeEventBus}. Overrides the {@code EventBus} binding of James's
 * {@code DefaultEventModule} (which keeps the listener loading, the delivery, retries and dead letters).
 */
public class LocalEventBusModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(LocalEventBus.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    EventBus eventBus(LocalEventBus local) {
        return new EveryNodeEventBus(local);
    }
}
