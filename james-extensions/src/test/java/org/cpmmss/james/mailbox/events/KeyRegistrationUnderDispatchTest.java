package org.cpmmss.james.mailbox.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventBusTestFixture;
import org.apache.james.events.EventBusTestFixture.EventListenerCountingSuccessfulExecution;
import org.apache.james.events.EventBusTestFixture.TestEvent;
import org.apache.james.events.EventBusTestFixture.TestRegistrationKey;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.Registration;
import org.apache.james.events.RegistrationKey;
import org.apache.james.events.delivery.InVmEventDelivery;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

/**
 * IMAP sessions (IDLE, NOTIFY, a selected folder) register and unregister key listeners while LMTP deliveries and
 * flag changes dispatch events under those keys: no dispatch may fail, and a listener registered throughout gets
 * every event. James's {@code InVMEventBus} fails this with a {@code ConcurrentModificationException}.
 */
class KeyRegistrationUnderDispatchTest {
    private static final int DISPATCHES = 20_000;
    private static final int SESSIONS = 4;
    private static final List<RegistrationKey> FOLDERS = List.of(
        new TestRegistrationKey("inbox"), new TestRegistrationKey("chat"), new TestRegistrationKey("sent"));

    private final ExecutorService threads = Executors.newFixedThreadPool(SESSIONS + 1);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private static EventBus bus() {
        return new LocalEventBus(new InVmEventDelivery(new RecordingMetricFactory()),
            EventBusTestFixture.RETRY_BACKOFF_CONFIGURATION, new MemoryEventDeadLetters());
    }

    @Test
    void dispatchesSucceedWhileSessionsRegisterAndUnregister() throws Exception {
        EventBus bus = bus();
        EventListenerCountingSuccessfulExecution idleOnInbox = new EventListenerCountingSuccessfulExecution();
        Mono.from(bus.register(idleOnInbox, FOLDERS.get(0))).block();
        AtomicBoolean dispatching = new AtomicBoolean(true);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Queue<EventListenerCountingSuccessfulExecution> churned = new ConcurrentLinkedQueue<>();

        List<Future<?>> sessions = IntStream.range(0, SESSIONS)
            .mapToObj(session -> threads.submit(() -> {
                int turn = 0;
                while (dispatching.get()) {
                    EventListenerCountingSuccessfulExecution listener = new EventListenerCountingSuccessfulExecution();
                    churned.add(listener);
                    RegistrationKey folder = FOLDERS.get((session + turn++) % FOLDERS.size());
                    Registration registration = Mono.from(bus.register(listener, folder)).block();
                    Mono.from(registration.unregister()).block();
                }
            }))
            .collect(Collectors.toList());
        Future<?> deliveries = threads.submit(() -> {
            try {
                for (int i = 0; i < DISPATCHES; i++) {
                    try {
                        bus.dispatch(newEvent(), Set.copyOf(FOLDERS)).block();
                    } catch (Throwable failure) {
                        failures.add(failure);
                    }
                }
            } finally {
                dispatching.set(false);
            }
        });

        deliveries.get(5, TimeUnit.MINUTES);
        for (Future<?> session : sessions) {
            session.get(1, TimeUnit.MINUTES);
        }

        assertThat(failures).isEmpty();
        assertThat(idleOnInbox.numberOfEventCalls()).isEqualTo(DISPATCHES);
        assertThat(churned).hasSizeGreaterThan(SESSIONS);

        int churnedCalls = churned.stream().mapToInt(EventListenerCountingSuccessfulExecution::numberOfEventCalls).sum();
        bus.dispatch(newEvent(), Set.copyOf(FOLDERS)).block();
        assertThat(idleOnInbox.numberOfEventCalls()).isEqualTo(DISPATCHES + 1);
        assertThat(churned.stream().mapToInt(EventListenerCountingSuccessfulExecution::numberOfEventCalls).sum())
            .as("unregistered session listeners get nothing more")
            .isEqualTo(churnedCalls);
    }

    private static Event newEvent() {
        return new TestEvent(Event.EventId.random(), Username.of("alice@example.com"));
    }
}
