package org.cpmmss.james.store.mailbox;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.AnnotationMapper;
import org.apache.james.mailbox.store.mail.model.AnnotationMapperTest;
import org.junit.jupiter.api.AfterEach;

/** James 3.8.1's AnnotationMapper contract suite on the PostgreSQL store. */
class PostgresAnnotationMapperTest extends AnnotationMapperTest {
    private final AtomicLong ids = new AtomicLong();
    private PostgresStoreFixture fixture;

    @Override
    protected AnnotationMapper createAnnotationMapper() {
        fixture = new PostgresStoreFixture(Clock.systemUTC());
        return new NativeAnnotationMapper(fixture.storage.annotations());
    }

    @Override
    protected MailboxId generateMailboxId() {
        return NativeMailboxId.of(ids.incrementAndGet());
    }

    @AfterEach
    void closeStore() {
        fixture.close();
    }
}
