package org.cpmmss.james.sip;

import java.io.FileNotFoundException;
import java.time.Clock;

import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.PropertiesProvider;
import org.cpmmss.recording.port.DeferredQueue;
import org.cpmmss.recording.port.OwnerDirectory;
import org.cpmmss.recording.port.QueuedMessageListener;
import org.cpmmss.recording.port.UserPreferences;
import org.cpmmss.james.pipeline.PipelineSubmission;
import org.cpmmss.james.plumbing.SipDoorStatus;
import org.cpmmss.james.recording.CpmPreferenceChangeListener;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.port.RecipientPresence;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The SIP bridge, configured by {@code conf/sipserver.properties} (read once into {@link SipBridgeConfiguration}):
 * its stack ({@link SipBridge}, started once the mailet container and mailbox are up, stopped by its
 * {@code @PreDestroy} when the server stops) and its parts, each built here once: the registrar and its
 * registrations, the MESSAGE ingest, the Digest authenticator, the deferred pusher, the outbound route and the
 * notification route. The health check sees the stack as a {@link SipDoorStatus}.
 */
public class SipBridgeModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(SipBridge.class).in(Scopes.SINGLETON);
        bind(SipEndpoint.class).to(SipBridge.class);
        bind(SipDoorStatus.class).to(SipBridge.class);
        bind(SipRequestDispatcher.class).in(Scopes.SINGLETON);
        bind(SipNotificationRoute.class).in(Scopes.SINGLETON);
        // the pipeline's LiveMessageAvailability step asks the bridge whether a live message's recipient takes it
        bind(RecipientPresence.class).to(SipRecipientPresence.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(SipBridgeProbe.class);
        // pushes queued deferred messages when one is queued and when do-not-disturb / deferred-delivery changes
        bind(SipDeferredPushTrigger.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), QueuedMessageListener.class).addBinding().to(SipDeferredPushTrigger.class);
        Multibinder.newSetBinder(binder(), CpmPreferenceChangeListener.class).addBinding().to(SipDeferredPushTrigger.class);
    }

    @Provides
    @Singleton
    SipBridgeConfiguration configuration(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            Configuration c = propertiesProvider.getConfiguration("sipserver");
            return SipBridgeConfiguration.from(key -> {
                String[] values = c.getStringArray(key);
                return values.length == 0 ? null : String.join(",", values);
            });
        } catch (FileNotFoundException e) {
            return SipBridgeConfiguration.defaults();
        }
    }

    @Provides
    @Singleton
    SipWorkers workers(SipBridgeConfiguration configuration) {
        return new SipWorkers(configuration);
    }

    @Provides
    @Singleton
    SipMessages messages(SipEndpoint endpoint) {
        return new SipMessages(endpoint);
    }

    @Provides
    @Singleton
    RegistrationRepository registrations(Clock clock) {
        return new InMemoryRegistrationRepository(clock);
    }

    @Provides
    @Singleton
    DigestAuthenticator digest(SipBridgeConfiguration configuration, Clock clock) {
        return new DigestAuthenticator(configuration.digestRealm(), configuration.digestUsers(), clock);
    }

    @Provides
    @Singleton
    DeferredPusher pusher(SipMessages messages, DeferredQueue deferredQueue, RegistrationRepository registrations,
                          UserPreferences preferences, SipWorkers workers, SipBridgeConfiguration configuration, Clock clock) {
        return new DeferredPusher(messages, deferredQueue, registrations, preferences, workers.pushes(),
            configuration.pushTimeout(), clock);
    }

    @Provides
    @Singleton
    SipMessageIngest ingest(SipMessages messages, OwnerDirectory users, PipelineSubmission pipeline,
                            SipBridgeConfiguration configuration, Clock clock, CpmPolicy policy) {
        return new SipMessageIngest(messages, users, pipeline,
            configuration.maxMessageSize(), policy.deferredExpiryDefault(), clock, policy.addressNormalizer());
    }

    @Provides
    @Singleton
    SipRegistrar registrar(SipMessages messages, OwnerDirectory users, RegistrationRepository registrations,
                           DeferredPusher pusher, SipBridgeConfiguration configuration, Clock clock, CpmPolicy policy) {
        return new SipRegistrar(messages, users, registrations, pusher, configuration, clock, policy.addressNormalizer());
    }

    @Provides
    @Singleton
    SipOutboundRoute outboundRoute(SipMessages messages, SipBridgeConfiguration configuration) {
        return new SipOutboundRoute(messages, configuration.outboundPf(), configuration.pushTimeout());
    }

    @ProvidesIntoSet
    InitializationOperation startSipBridge(SipBridge bridge) {
        return InitilizationOperationBuilder.forClass(SipBridge.class).init(bridge::start);
    }
}
