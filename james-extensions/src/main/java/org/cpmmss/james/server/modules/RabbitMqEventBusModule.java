package org.cpmmss.james.server.modules;

import static org.apache.james.events.NamingStrategy.MAILBOX_EVENT_NAMING_STRATEGY;

import javax.inject.Singleton;

import org.apache.james.backends.rabbitmq.RabbitMQConfiguration;
import org.apache.james.backends.rabbitmq.RabbitMQHealthCheck;
import org.apache.james.backends.rabbitmq.ReactorRabbitMQChannelPool;
import org.apache.james.backends.rabbitmq.ReceiverProvider;
import org.apache.james.backends.rabbitmq.SimpleConnectionPool;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventBusId;
import org.apache.james.events.EventBusReconnectionHandler;
import org.apache.james.events.KeyReconnectionHandler;
import org.apache.james.events.NamingStrategy;
import org.apache.james.events.RabbitMQEventBus;
import org.apache.james.events.RegistrationKey;
import org.apache.james.mailbox.events.MailboxIdRegistrationKey;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.cpmmss.james.mailbox.events.EveryNodeEventBus;
import org.cpmmss.james.mailbox.events.EveryNodeKey;
import org.cpmmss.james.mailbox.events.OffConnectionThreadEventBus;
import org.cpmmss.james.mailbox.events.OffThreadChannelRelease;

import com.github.fge.lambdas.Throwing;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import com.rabbitmq.client.Connection;

import reactor.core.scheduler.Schedulers;
import reactor.rabbitmq.RabbitFlux;
import reactor.rabbitmq.ReceiverOptions;
import reactor.rabbitmq.Sender;
import reactor.rabbitmq.SenderOptions;

/**
 * {@code events.backend=rabbitmq} (several nodes, docs/scale-out.md): James 3.8.1's RabbitMQ event bus
 * ({@code event-bus-distributed}) behind {@link EveryNodeEventBus}, connected to {@code events.rabbitmq.uri}.
 * Group listeners (search indexing, pending ticks, temporary access, annotations) share one durable queue per group
 * across the nodes, so each event runs them once in the cluster; key listeners (IDLE's and the selected folder's
 * mailbox keys, NOTIFY's {@link EveryNodeKey}) are bindings of the node's own auto-deleted queue. Overrides the
 * {@code EventBus} binding of James's {@code DefaultEventModule}, which keeps the serializer and the listener loading.
 * Events carry message ids: the store must bind a serializable {@code MessageId.Factory} (the embedded store gets
 * {@link UuidMessageIdModule}).
 * James's own Guice module for this bus ({@code RabbitMQEventBusModule}, distributed app) is not served: this is the
 * part of it and of its {@code RabbitMQModule} that the event bus needs, without the management API.
 */
public class RabbitMqEventBusModule extends AbstractModule {
    private final RabbitMQConfiguration configuration;

    public RabbitMqEventBusModule(String uri) {
        this.configuration = RabbitMqUri.configuration(uri);
    }

    @Override
    protected void configure() {
        bind(RabbitMQConfiguration.class).toInstance(configuration);
        bind(SimpleConnectionPool.Configuration.class).toInstance(SimpleConnectionPool.Configuration.DEFAULT);
        bind(ReactorRabbitMQChannelPool.Configuration.class).toInstance(ReactorRabbitMQChannelPool.Configuration.DEFAULT);
        bind(SimpleConnectionPool.class).in(Scopes.SINGLETON);

        bind(NamingStrategy.class).toInstance(MAILBOX_EVENT_NAMING_STRATEGY);
        bind(EventBusId.class).toInstance(EventBusId.random());
        bind(RabbitMQEventBus.class).in(Scopes.SINGLETON);

        Multibinder<RegistrationKey.Factory> keys = Multibinder.newSetBinder(binder(), RegistrationKey.Factory.class);
        keys.addBinding().to(MailboxIdRegistrationKey.Factory.class);
        keys.addBinding().to(EveryNodeKey.Factory.class);

        Multibinder<SimpleConnectionPool.ReconnectionHandler> reconnection =
            Multibinder.newSetBinder(binder(), SimpleConnectionPool.ReconnectionHandler.class);
        reconnection.addBinding().to(KeyReconnectionHandler.class);
        reconnection.addBinding().to(EventBusReconnectionHandler.class);

        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(RabbitMQHealthCheck.class);
    }

    @Provides
    @Singleton
    EventBus eventBus(RabbitMQEventBus rabbitMq) {
        return new EveryNodeEventBus(new OffConnectionThreadEventBus(rabbitMq, Schedulers.boundedElastic()));
    }

    @Provides
    @Singleton
    ReactorRabbitMQChannelPool channelPool(SimpleConnectionPool connections, ReactorRabbitMQChannelPool.Configuration settings,
                                           MetricFactory metricFactory) {
        ReactorRabbitMQChannelPool pool = new ReactorRabbitMQChannelPool(connections.getResilientConnection(), settings,
            metricFactory);
        pool.start();
        return pool;
    }

    @Provides
    @Singleton
    Sender sender(SimpleConnectionPool connections, ReactorRabbitMQChannelPool channels) {
        // James's own sender (channels.getSender()) gives channels back on the connection's reader thread, where the
        // pool may run blocking RPCs that only that thread can answer: OffThreadChannelRelease
        return RabbitFlux.createSender(new SenderOptions()
            .connectionMono(connections.getResilientConnection())
            .channelPool(new OffThreadChannelRelease(channels, Schedulers.boundedElastic()))
            .resourceManagementChannelMono(connections.getResilientConnection()
                .map(Throwing.function(Connection::createChannel)).cache()));
    }

    @Provides
    @Singleton
    ReceiverProvider receivers(SimpleConnectionPool connections) {
        return () -> RabbitFlux.createReceiver(new ReceiverOptions().connectionMono(connections.getResilientConnection()));
    }

    @ProvidesIntoSet
    InitializationOperation reconnection(SimpleConnectionPool connections,
                                         java.util.Set<SimpleConnectionPool.ReconnectionHandler> handlers) {
        return InitilizationOperationBuilder.forClass(SimpleConnectionPool.class).init(() -> connections.init(handlers));
    }

    @ProvidesIntoSet
    InitializationOperation startBus(RabbitMQEventBus bus) {
        return InitilizationOperationBuilder.forClass(RabbitMQEventBus.class).init(bus::start);
    }
}
