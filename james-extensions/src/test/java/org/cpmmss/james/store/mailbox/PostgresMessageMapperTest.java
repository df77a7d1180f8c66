package org.cpmmss.james.store.mailbox;

import org.apache.james.mailbox.store.mail.model.MapperProvider;
import org.apache.james.mailbox.store.mail.model.MessageMapperTest;
import org.apache.james.utils.UpdatableTickingClock;
import org.junit.jupiter.api.AfterEach;

import java.time.Instant;

/** James 3.8.1's MessageMapper contract suite on the PostgreSQL store. */
class PostgresMessageMapperTest extends MessageMapperTest {
    private final UpdatableTickingClock clock = new UpdatableTickingClock(Instant.parse("2026-01-01T00:00:00Z"));
    private PostgresStoreFixture fixture;

    @Override
    protected MapperProvider createMapperProvider() {
        fixture = new PostgresStoreFixture(clock);
        return new NativeMapperProvider(fixture.storage);
    }

    @Override
    protected UpdatableTickingClock updatableTickingClock() {
        return clock;
    }

    @AfterEach
    void closeStore() {
        fixture.close();
    }
}
