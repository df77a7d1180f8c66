package org.cpmmss.james.server.modules;

import javax.inject.Singleton;

import org.apache.james.events.EventBus;
import org.apache.james.events.InVMEventBus;
import org.cpmmss.james.mailbox.events.EveryNodeEventBus;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * {@code events.backend=local} (the default, one node): James's in-VM event bus behind {@link EveryNodeEventBus}.
 * Overrides the {@code EventBus} binding of James's {@code DefaultEventModule} (which keeps the listener loading).
 */
public class LocalEventBusModule extends AbstractModule {
    @Provides
    @Singleton
    EventBus eventBus(InVMEventBus inVm) {
        return new EveryNodeEventBus(inVm);
    }
}
