package org.cpmmss.james.store.mailbox;

import java.time.Clock;

import org.apache.james.mailbox.store.user.SubscriptionMapper;
import org.apache.james.mailbox.store.user.SubscriptionMapperTest;
import org.junit.jupiter.api.AfterEach;

/** James 3.8.1's SubscriptionMapper contract suite on the native store. */
class NativeSubscriptionMapperTest extends SubscriptionMapperTest {
    private NativeStoreFixture fixture;

    @Override
    protected SubscriptionMapper createSubscriptionMapper() {
        fixture = new NativeStoreFixture(Clock.systemUTC());
        return new NativeSubscriptionMapper(fixture.storage.subscriptions());
    }

    @AfterEach
    void closeStore() {
        fixture.close();
    }
}
