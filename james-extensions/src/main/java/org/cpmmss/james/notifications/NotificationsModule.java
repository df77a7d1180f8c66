package org.cpmmss.james.notifications;

import org.cpmmss.james.state.H2NotificationStateStore;

import org.cpmmss.recording.port.NotificationStateStore;

import java.io.File;
import java.io.FileNotFoundException;

import javax.inject.Singleton;

import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.cpmmss.james.plumbing.CpmSettings;
import org.cpmmss.james.plumbing.DataDirectory;
import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.cpmmss.james.outbound.H2NotificationOutbox;
import org.cpmmss.james.outbound.NotificationOutbox;
import org.cpmmss.james.outbound.OutboxProbe;
import org.cpmmss.james.outbound.OutboxSender;
import org.cpmmss.james.outbound.OutboxSettings;
import org.cpmmss.recording.policy.CpmPolicy;

import org.cpmmss.recording.port.DispositionAggregates;
import org.cpmmss.recording.port.DispositionTicks;
import org.cpmmss.recording.port.StoredMessages;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Disposition notifications (issue 8): first-wins state, settings, keywords and aggregates; the notification
 * outbox ({@code <data>/h2/cpm-outbox}) and its sender. The outbound route choice (SIP or SMTP) is the assembly's
 * ({@code org.cpmmss.james.server.modules.OutboundRouteModule}).
 */
public class NotificationsModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(DispositionKeywords.class).in(Scopes.SINGLETON);
        bind(StoredMessages.class).to(DispositionKeywords.class);
        bind(AggregateStore.class).in(Scopes.SINGLETON);
        bind(DispositionAggregates.class).to(AggregateStore.class);
        bind(OutboxSender.class).in(Scopes.SINGLETON);
        bind(NegativeDeliveryNotifier.class).in(Scopes.SINGLETON);
        bind(HostedAccounts.class).in(Scopes.SINGLETON);
        bind(PendingTicks.class).in(Scopes.SINGLETON);
        bind(DispositionTicks.class).to(PendingTicks.class);
        bind(PendingTicksListener.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), org.apache.james.events.EventListener.ReactiveGroupEventListener.class)
            .addBinding().to(PendingTicksListener.class);
        bind(LateGroupNotifications.class).in(Scopes.SINGLETON);
        Multibinder<GuiceProbe> probes = Multibinder.newSetBinder(binder(), GuiceProbe.class);
        probes.addBinding().to(OutboxProbe.class);
        probes.addBinding().to(NotificationsProbe.class);
    }

    @Provides
    @Singleton
    NotificationStateStore notificationStateStore(DataDirectory data, OpenStateDatabases open) {
        return open.register(new H2NotificationStateStore(data.path()));
    }

    @Provides
    @Singleton
    NotificationOutbox notificationOutbox(DataDirectory data, OpenStateDatabases open) {
        return open.register(new H2NotificationOutbox(data.path()));
    }

    @Provides
    @Singleton
    OutboxSettings outboxSettings(CpmSettings settings) {
        return OutboxSettings.from(settings.firsts());
    }

    @ProvidesIntoSet
    InitializationOperation startOutbox(OutboxSender sender) {
        return InitilizationOperationBuilder.forClass(OutboxSender.class).init(sender::start);
    }
}
