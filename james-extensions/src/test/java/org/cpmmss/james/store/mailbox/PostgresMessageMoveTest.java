package org.cpmmss.james.store.mailbox;

import java.time.Clock;

import org.apache.james.mailbox.store.mail.model.MapperProvider;
import org.apache.james.mailbox.store.mail.model.MessageMoveTest;
import org.junit.jupiter.api.AfterEach;

/** James 3.8.1's MessageMove contract suite on the PostgreSQL store. */
class PostgresMessageMoveTest extends MessageMoveTest {
    private PostgresStoreFixture fixture;

    @Override
    protected MapperProvider createMapperProvider() {
        fixture = new PostgresStoreFixture(Clock.systemUTC());
        return new NativeMapperProvider(fixture.storage);
    }

    @AfterEach
    void closeStore() {
        fixture.close();
    }
}
