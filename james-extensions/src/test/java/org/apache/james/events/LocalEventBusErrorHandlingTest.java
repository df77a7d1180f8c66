package org.apache.james.events;

import org.apache.james.events.delivery.InVmEventDelivery;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.cpmmss.james.mailbox.events.LocalEventBus;
import org.junit.jupiter.api.BeforeEach;

/**
 * James's error handling contract (group listener retries, dead letters, key listeners not retried) run against the
 * project's {@link LocalEventBus}. In James's package only because the contract interface is package-private.
 */
class LocalEventBusErrorHandlingTest implements ErrorHandlingContract {
    private LocalEventBus eventBus;
    private MemoryEventDeadLetters deadLetters;

    @BeforeEach
    void setUp() {
        deadLetters = new MemoryEventDeadLetters();
        eventBus = new LocalEventBus(new InVmEventDelivery(new RecordingMetricFactory()),
            EventBusTestFixture.RETRY_BACKOFF_CONFIGURATION, deadLetters);
    }

    @Override
    public EnvironmentSpeedProfile getSpeedProfile() {
        return EnvironmentSpeedProfile.SLOW; // a shared, loaded build machine: 200 ms waits time out
    }

    @Override
    public EventBus eventBus() {
        return eventBus;
    }

    @Override
    public EventDeadLetters deadLetter() {
        return deadLetters;
    }
}
