package org.cpmmss.james.store.mailbox;

import java.time.Clock;

import org.apache.james.mailbox.store.user.SubscriptionMapper;
import org.apache.james.mailbox.store.user.SubscriptionMapperTest;
import org.junit.jupiter.api.AfterEach;

/** James 3.8.1's SubscriptionMapper contract suite on the PostgreSQL store. */
class PostgresSubscriptionMapperTest extends SubscriptionMapperTest {
    private PostgresStoreFixture fixture;

    @Override
    protected SubscriptionMapper createSubscriptionMapper() {
        fixture = new PostgresStoreFixture(Clock.systemUTC());
        return new NativeSubscriptionMapper(fixture.storage.subscriptions());
    }

    @AfterEach
    void closeStore() {
        fixture.close();
    }
}
