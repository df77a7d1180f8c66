package org.cpmmss.james.deferred;

import org.cpmmss.james.deferred.queue.DeferredSettings;

import org.cpmmss.james.state.H2ExpiryIndex;

import org.cpmmss.recording.port.ExpiryIndex;
import org.cpmmss.recording.port.NotificationRoute;

import java.io.File;
import java.io.FileNotFoundException;
import java.time.Clock;

import javax.inject.Singleton;

import org.apache.james.events.EventListener;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.PropertiesProvider;
import org.cpmmss.recording.port.DeferredQueue;
import org.cpmmss.james.deferred.queue.DeferredRelease;
import org.cpmmss.james.deferred.queue.ExpiredDeferredMessageHook;
import org.cpmmss.james.plumbing.CpmSettings;
import org.cpmmss.james.plumbing.DataDirectory;
import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.cpmmss.james.notifications.NegativeDeliveryAtExpiry;
import org.cpmmss.james.state.H2DeferredQueue;
import org.cpmmss.james.deferred.queue.QueueExpiry;
import org.cpmmss.recording.port.QueuedMessageListener;
import org.cpmmss.james.recording.CpmPreferenceChangeListener;
import org.cpmmss.recording.policy.CpmPolicy;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Deferred messages (docs/deferred.md): the expiry index ({@code <data>/h2/cpm-deferred}), the hand-over's
 * notifier, the expiry sweeper (started with the server) and the {@code \Seen} listener; the deferred queue of
 * options 1 and 2 ({@code <data>/h2/cpm-deferred-queue}), its expiry and its release on a preference change.
 */
public class CpmDeferredModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(PositiveDeliveryNotifier.class).in(Scopes.SINGLETON);
        // the notifications the pipeline originates (positive/negative delivery, late group reports)
        bind(NotificationRoute.class).to(PipelineNotificationRoute.class).in(Scopes.SINGLETON);
        bind(ExpirySweeper.class).in(Scopes.SINGLETON);
        bind(TemporaryAccessListener.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), EventListener.ReactiveGroupEventListener.class)
            .addBinding().to(TemporaryAccessListener.class);
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(DeferredProbe.class);
        // the deferred queue of options 1 and 2 (docs/deferred.md)
        bind(DeferredRelease.class).in(Scopes.SINGLETON);
        bind(QueueExpiry.class).in(Scopes.SINGLETON);
        bind(ExpiredDeferredMessageHook.class).to(NegativeDeliveryAtExpiry.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), QueuedMessageListener.class);
        Multibinder.newSetBinder(binder(), CpmPreferenceChangeListener.class);
    }

    @Provides
    @Singleton
    DeferredQueue deferredQueue(DataDirectory data, Clock clock, OpenStateDatabases open) {
        return open.register(new H2DeferredQueue(data.path(), clock));
    }

    @Provides
    @Singleton
    ExpiryIndex expiryIndex(DataDirectory data, OpenStateDatabases open) {
        return open.register(new H2ExpiryIndex(data.path()));
    }

    @Provides
    @Singleton
    DeferredSettings deferredSettings(CpmPolicy policy, CpmSettings settings) {
        return DeferredSettings.from(policy, settings.first(DeferredSettings.OUTBOUND_RELAY).orElse(null),
            settings.first(DeferredSettings.INTERWORKING_RELAY).orElse(null));
    }

    @ProvidesIntoSet
    InitializationOperation startSweeper(ExpirySweeper sweeper) {
        return InitilizationOperationBuilder.forClass(ExpirySweeper.class).init(sweeper::start);
    }
}
