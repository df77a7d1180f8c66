package org.cpmmss.james.sip;

import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.cpmmss.james.deferred.queue.QueuedMessageListener;
import org.cpmmss.james.recording.CpmPreferenceChangeListener;
import org.cpmmss.recording.port.RecipientPresence;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The SIP bridge ({@link SipBridge}), configured by {@code conf/sipserver.properties}: started once the
 * mailet container and mailbox are up, stopped (its {@code @PreDestroy}) when the server stops.
 */
public class SipBridgeModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(SipBridge.class).in(Scopes.SINGLETON);
        // the pipeline's LiveMessageAvailability step asks the bridge whether a live message's recipient takes it
        bind(RecipientPresence.class).to(SipRecipientPresence.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(SipBridgeProbe.class);
        // pushes queued deferred messages when one is queued and when do-not-disturb / deferred-delivery changes
        bind(SipDeferredPushTrigger.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), QueuedMessageListener.class).addBinding().to(SipDeferredPushTrigger.class);
        Multibinder.newSetBinder(binder(), CpmPreferenceChangeListener.class).addBinding().to(SipDeferredPushTrigger.class);
    }

    @ProvidesIntoSet
    InitializationOperation startSipBridge(SipBridge bridge) {
        return InitilizationOperationBuilder.forClass(SipBridge.class).init(bridge::start);
    }
}
