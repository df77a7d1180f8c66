package org.cpmmss.james.server.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.backends.rabbitmq.ReactorRabbitMQChannelPool;
import org.apache.james.backends.rabbitmq.SimpleConnectionPool;
import org.apache.james.core.Username;
import org.apache.james.event.json.MailboxEventSerializer;
import org.apache.james.events.Event;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventDeadLetters;
import org.apache.james.events.EventListener;
import org.apache.james.events.EventSerializer;
import org.apache.james.events.Group;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.RabbitMQEventBus;
import org.apache.james.events.RegistrationKey;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.events.MailboxEvents.MailboxAdded;
import org.apache.james.mailbox.events.MailboxIdRegistrationKey;
import org.apache.james.mailbox.inmemory.InMemoryId;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.quota.QuotaRootDeserializer;
import org.apache.james.mailbox.store.quota.DefaultUserQuotaRootResolver;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.utils.InitializationOperation;
import org.cpmmss.james.mailbox.events.EveryNodeKey;
import org.cpmmss.james.testing.RabbitMqTestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code events.backend=rabbitmq} as {@link RabbitMqEventBusModule} wires it, on a private broker: two injectors of
 * the module in one JVM are two nodes on one virtual host. Real mailbox events go through James's JSON serializer
 * and the broker. A key registration on node B hears what node A dispatched under that key; the every-node key
 * reaches both nodes; a group listener registered on both nodes runs once per event.
 */
class RabbitMqEventBusTest {
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final Username OWNER = Username.of("alice@example.com");

    /** A group both nodes register, as the server's group listeners do. */
    public static class OncePerEventGroup extends Group {
    }

    private String uri;
    private Node nodeA;
    private Node nodeB;

    @BeforeEach
    void twoNodes() {
        uri = RabbitMqTestBroker.shared().newVirtualHost("event-bus");
        nodeA = Node.start(uri);
        nodeB = Node.start(uri);
    }

    @AfterEach
    void stop() {
        if (nodeA != null) {
            nodeA.stop();
        }
        if (nodeB != null) {
            nodeB.stop();
        }
    }

    @Test
    void anEventDispatchedOnOneNodeReachesAKeyRegistrationOnTheOther() {
        MailboxId watched = InMemoryId.of(1);
        MailboxId other = InMemoryId.of(2);
        Collecting onB = new Collecting(EventListener.ExecutionMode.SYNCHRONOUS);
        Collecting otherKeyOnB = new Collecting(EventListener.ExecutionMode.SYNCHRONOUS);
        nodeB.register(onB, new MailboxIdRegistrationKey(watched));
        nodeB.register(otherKeyOnB, new MailboxIdRegistrationKey(other));

        MailboxAdded event = added(watched);
        nodeA.bus.dispatch(event, Set.of(new MailboxIdRegistrationKey(watched))).block();

        await().atMost(DELIVERY).until(() -> onB.events.size() == 1);
        Event received = onB.events.get(0);
        assertThat(received).isInstanceOf(MailboxAdded.class);
        assertThat(received.getEventId()).isEqualTo(event.getEventId());
        assertThat(((MailboxAdded) received).getMailboxPath()).isEqualTo(event.getMailboxPath());
        assertThat(((MailboxAdded) received).getMailboxId()).isEqualTo(watched);

        // the listener of the other key heard nothing of the first event; it hears an event under its own key
        assertThat(otherKeyOnB.events).isEmpty();
        MailboxAdded second = added(other);
        nodeA.bus.dispatch(second, Set.of(new MailboxIdRegistrationKey(other))).block();
        await().atMost(DELIVERY).until(() -> otherKeyOnB.events.size() == 1);
        assertThat(otherKeyOnB.events).extracting(Event::getEventId).containsExactly(second.getEventId());
        assertThat(onB.events).hasSize(1);
    }

    @Test
    void everyEventReachesTheEveryNodeListenersOfBothNodes() {
        Collecting onA = new Collecting(EventListener.ExecutionMode.ASYNCHRONOUS);
        Collecting onB = new Collecting(EventListener.ExecutionMode.ASYNCHRONOUS);
        nodeA.register(onA, EveryNodeKey.INSTANCE);
        nodeB.register(onB, EveryNodeKey.INSTANCE);

        MailboxAdded fromA = added(InMemoryId.of(7));
        MailboxAdded fromB = added(InMemoryId.of(8));
        // dispatched with no key of their own: the server's bus adds the every-node key
        nodeA.bus.dispatch(fromA, Set.of()).block();
        nodeB.bus.dispatch(fromB, Set.of()).block();

        await().atMost(DELIVERY).until(() -> onA.events.size() == 2 && onB.events.size() == 2);
        assertThat(onA.events).extracting(Event::getEventId)
            .containsExactlyInAnyOrder(fromA.getEventId(), fromB.getEventId());
        assertThat(onB.events).extracting(Event::getEventId)
            .containsExactlyInAnyOrder(fromA.getEventId(), fromB.getEventId());
    }

    @Test
    void aGroupListenerRegisteredOnBothNodesRunsOncePerEvent() throws Exception {
        List<Event> runs = new CopyOnWriteArrayList<>();
        Collecting groupOnA = new Collecting(EventListener.ExecutionMode.SYNCHRONOUS, runs);
        Collecting groupOnB = new Collecting(EventListener.ExecutionMode.SYNCHRONOUS, runs);
        nodeA.bus.register(groupOnA, new OncePerEventGroup());
        nodeB.bus.register(groupOnB, new OncePerEventGroup());

        List<MailboxAdded> dispatched = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 40; i++) {
            MailboxAdded event = added(InMemoryId.of(100 + i));
            dispatched.add(event);
            (i % 2 == 0 ? nodeA : nodeB).bus.dispatch(event, Set.of()).block();
        }

        await().atMost(DELIVERY).until(() -> runs.size() >= dispatched.size());
        // a second run of any event would come from the broker within this time (the first ones took less)
        Thread.sleep(2000);
        assertThat(runs).extracting(Event::getEventId)
            .containsExactlyInAnyOrderElementsOf(dispatched.stream().map(Event::getEventId).toList());
        assertThat(groupOnA.events.size() + groupOnB.events.size()).isEqualTo(dispatched.size());
    }

    /**
     * A dispatch completes on a worker thread, never on the connection's reader thread (where the broker's publish
     * confirm is read): whatever follows a dispatch — the next announcement of the folder, the rest of an append —
     * ran there, and when it dispatched again and the channel pool opened a channel for it, the thread waited for
     * the reply only it could read ({@code OffConnectionThreadEventBus}).
     */
    @Test
    void aDispatchCompletesOffTheConnectionsReaderThread() {
        List<Event> runs = new CopyOnWriteArrayList<>();
        nodeB.bus.register(new Collecting(EventListener.ExecutionMode.SYNCHRONOUS, runs), new OncePerEventGroup());

        List<String> completedOn = Flux.range(0, 50)
            .concatMap(i -> nodeA.bus.dispatch(added(InMemoryId.of(1000 + i)), Set.of())
                .then(Mono.fromCallable(() -> Thread.currentThread().getName())))
            .collectList()
            .block(Duration.ofMinutes(3));

        assertThat(completedOn).hasSize(50).noneMatch(thread -> thread.startsWith("AMQP Connection"));
        await().atMost(DELIVERY).until(() -> runs.size() >= 50);
    }

    /**
     * Chains of dispatches, each started where the one before it completed (as the announcements of a folder are),
     * eight side by side on a pool of three channels: every event reaches the group. Before, a chain went on on the
     * connection's reader thread and the pool opened a channel for it there: the connection stopped.
     */
    @Test
    void chainsOfDispatchesSideBySideBeyondTheChannelPoolAreAllDelivered() {
        List<Event> runs = new CopyOnWriteArrayList<>();
        nodeB.bus.register(new Collecting(EventListener.ExecutionMode.SYNCHRONOUS, runs), new OncePerEventGroup());
        int chains = 8;
        int perChain = 50;

        Flux.range(0, chains)
            .flatMap(chain -> Flux.range(0, perChain)
                .concatMap(i -> nodeA.bus.dispatch(added(InMemoryId.of(1000 + chain * perChain + i)), Set.of())),
                chains)
            .then()
            .block(Duration.ofMinutes(3));

        await().atMost(DELIVERY).until(() -> runs.size() >= chains * perChain);
        assertThat(runs).hasSize(chains * perChain);
    }

    @Test
    void aStoppedNodesQueueIsGoneAndTheGroupQueueStaysForTheOthers() {
        nodeA.bus.register(new Collecting(EventListener.ExecutionMode.SYNCHRONOUS), new OncePerEventGroup());
        nodeB.bus.register(new Collecting(EventListener.ExecutionMode.SYNCHRONOUS), new OncePerEventGroup());
        String groupQueue = "mailboxEvent-workQueue-" + OncePerEventGroup.class.getName();
        List<String> before = RabbitMqTestBroker.shared().queueNames(uri);
        assertThat(before).filteredOn(name -> name.startsWith("mailboxEvent-eventbus-")).hasSize(2);
        assertThat(before).contains(groupQueue);

        nodeB.stop();
        nodeB = null;

        List<String> after = RabbitMqTestBroker.shared().queueNames(uri);
        assertThat(after).filteredOn(name -> name.startsWith("mailboxEvent-eventbus-")).hasSize(1);
        assertThat(after).contains(groupQueue);
    }

    private static MailboxAdded added(MailboxId id) {
        return new MailboxAdded(MailboxSession.SessionId.of(42), OWNER, MailboxPath.forUser(OWNER, "box-" + id.serialize()),
            id, Event.EventId.random());
    }

    /** A listener that keeps what it hears (and optionally adds it to a list shared by several listeners). */
    private static final class Collecting implements EventListener.ReactiveEventListener {
        final List<Event> events = new CopyOnWriteArrayList<>();
        private final ExecutionMode mode;
        private final List<Event> shared;

        Collecting(ExecutionMode mode) {
            this(mode, new CopyOnWriteArrayList<>());
        }

        Collecting(ExecutionMode mode, List<Event> shared) {
            this.mode = mode;
            this.shared = shared;
        }

        @Override
        public ExecutionMode getExecutionMode() {
            return mode;
        }

        @Override
        public Mono<Void> reactiveEvent(Event event) {
            return Mono.fromRunnable(() -> {
                events.add(event);
                shared.add(event);
            });
        }
    }

    /** One node: the module under test, with what the rest of the server would bind around it. */
    private static final class Node {
        final Injector injector;
        final EventBus bus;

        private Node(Injector injector) {
            this.injector = injector;
            this.bus = injector.getInstance(EventBus.class);
        }

        static Node start(String uri) {
            Injector injector = Guice.createInjector(new RabbitMqEventBusModule(uri), new UuidMessageIdModule(),
                new AbstractModule() {
                @Override
                protected void configure() {
                    bind(MailboxId.Factory.class).to(InMemoryId.Factory.class);
                    bind(QuotaRootDeserializer.class).to(DefaultUserQuotaRootResolver.DefaultQuotaRootDeserializer.class);
                    bind(EventSerializer.class).to(MailboxEventSerializer.class);
                    bind(MetricFactory.class).to(RecordingMetricFactory.class);
                    bind(EventDeadLetters.class).to(MemoryEventDeadLetters.class);
                    bind(RetryBackoffConfiguration.class).toInstance(RetryBackoffConfiguration.DEFAULT);
                }
            });
            // what the server's start does with the module's initialization operations
            injector.getInstance(Key.get(new TypeLiteral<Set<InitializationOperation>>() { }))
                .forEach(operation -> {
                    try {
                        operation.initModule();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            return new Node(injector);
        }

        void register(EventListener.ReactiveEventListener listener, RegistrationKey key) {
            Mono.from(bus.register(listener, key)).block();
        }

        void stop() {
            injector.getInstance(RabbitMQEventBus.class).stop();
            injector.getInstance(ReactorRabbitMQChannelPool.class).close();
            injector.getInstance(SimpleConnectionPool.class).close();
        }
    }
}
