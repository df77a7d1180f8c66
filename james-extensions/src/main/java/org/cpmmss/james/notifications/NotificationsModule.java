package org.cpmmss.james.notifications;

import org.cpmmss.james.state.H2NotificationStateStore;

import org.cpmmss.recording.port.NotificationStateStore;

import java.io.File;
import java.io.FileNotFoundException;

import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.PropertiesProvider;
import org.cpmmss.james.modules.OpenStateDatabases;
import org.cpmmss.james.outbound.H2NotificationOutbox;
import org.cpmmss.james.outbound.NotificationOutbox;
import org.cpmmss.james.outbound.OutboundRoute;
import org.cpmmss.james.outbound.OutboundRoutes;
import org.cpmmss.james.outbound.OutboxProbe;
import org.cpmmss.james.outbound.OutboxSender;
import org.cpmmss.james.outbound.OutboxSettings;
import org.cpmmss.james.outbound.SmtpOutboundRoute;
import org.cpmmss.james.outbound.SmtpRelay;
import org.cpmmss.james.sip.SipBridge;
import org.cpmmss.james.sip.SipNotificationRoute;
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
 * outbox ({@code <data>/h2/cpm-outbox}) and its sender, with the one outbound route choice (SIP bridge route when
 * {@code sip.outbound.pf} is set, else the SMTP relay).
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
        Multibinder.newSetBinder(binder(), org.apache.james.events.EventListener.GroupEventListener.class)
            .addBinding().to(PendingTicksListener.class);
        bind(LateGroupNotifications.class).in(Scopes.SINGLETON);
        Multibinder<GuiceProbe> probes = Multibinder.newSetBinder(binder(), GuiceProbe.class);
        probes.addBinding().to(OutboxProbe.class);
        probes.addBinding().to(NotificationsProbe.class);
    }

    private static String dataDirectory(JamesDirectoriesProvider directories) {
        return System.getProperty("cpm.data.dir", directories.getVarDirectory());
    }

    @Provides
    @Singleton
    NotificationStateStore notificationStateStore(JamesDirectoriesProvider directories, OpenStateDatabases open) {
        return open.register(new H2NotificationStateStore(new File(dataDirectory(directories))));
    }

    @Provides
    @Singleton
    NotificationOutbox notificationOutbox(JamesDirectoriesProvider directories, OpenStateDatabases open) {
        return open.register(new H2NotificationOutbox(new File(dataDirectory(directories))));
    }

    @Provides
    @Singleton
    OutboxSettings outboxSettings(PropertiesProvider properties) throws Exception {
        try {
            Configuration configuration = properties.getConfiguration("cpm");
            return OutboxSettings.from(key -> configuration.getString(key, null));
        } catch (FileNotFoundException e) {
            return OutboxSettings.from(key -> null);
        }
    }

    @Provides
    @Singleton
    OutboundRoutes outboundRoutes(SipBridge bridge, OutboxSettings settings, DomainList domains) {
        return new OutboundRoutes(() -> SipNotificationRoute.of(bridge), () -> settings.relay()
            .map(target -> (OutboundRoute) new SmtpOutboundRoute(new SmtpRelay(target, envelopeFrom(domains)))));
    }

    private static String envelopeFrom(DomainList domains) {
        try {
            return "postmaster@" + domains.getDefaultDomain().asString();
        } catch (Exception e) {
            return "postmaster@localhost";
        }
    }

    @ProvidesIntoSet
    InitializationOperation startOutbox(OutboxSender sender) {
        return InitilizationOperationBuilder.forClass(OutboxSender.class).init(sender::start);
    }
}
