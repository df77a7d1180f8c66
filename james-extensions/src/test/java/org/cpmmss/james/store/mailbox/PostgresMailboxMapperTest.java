package org.cpmmss.james.store.mailbox;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMapperTest;
import org.junit.jupiter.api.AfterEach;

/** James 3.8.1's MailboxMapper contract suite on the PostgreSQL store. */
class PostgresMailboxMapperTest extends MailboxMapperTest {
    private final AtomicLong ids = new AtomicLong(1_000_000);
    private PostgresStoreFixture fixture;

    @Override
    protected MailboxMapper createMailboxMapper() {
        fixture = new PostgresStoreFixture(Clock.systemUTC());
        return new NativeMailboxMapper(fixture.storage.folders());
    }

    @Override
    protected MailboxId generateId() {
        return NativeMailboxId.of(ids.incrementAndGet());
    }

    @AfterEach
    void closeStore() {
        fixture.close();
    }
}
