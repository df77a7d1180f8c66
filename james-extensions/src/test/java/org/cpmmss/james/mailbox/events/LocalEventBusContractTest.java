package org.cpmmss.james.mailbox.events;

import org.apache.james.events.EventBus;
import org.apache.james.events.EventBusConcurrentTestContract;
import org.apache.james.events.EventBusTestFixture;
import org.apache.james.events.GroupContract;
import org.apache.james.events.KeyContract;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.delivery.InVmEventDelivery;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.junit.jupiter.api.BeforeEach;

/**
 * James's event bus contracts (key listeners, group listeners with retries, concurrent dispatch) run against the
 * project's {@link LocalEventBus}, with James's in-VM delivery and memory dead letters as in the server.
 */
class LocalEventBusContractTest implements KeyContract.SingleEventBusKeyContract,
    GroupContract.SingleEventBusGroupContract, EventBusConcurrentTestContract.SingleEventBusConcurrentContract {

    private LocalEventBus eventBus;

    @BeforeEach
    void setUp() {
        eventBus = new LocalEventBus(new InVmEventDelivery(new RecordingMetricFactory()),
            EventBusTestFixture.RETRY_BACKOFF_CONFIGURATION, new MemoryEventDeadLetters());
    }

    @Override
    public EnvironmentSpeedProfile getSpeedProfile() {
        return EnvironmentSpeedProfile.SLOW; // a shared, loaded build machine: 200 ms waits time out
    }

    @Override
    public EventBus eventBus() {
        return eventBus;
    }
}
