package org.cpmmss.james.store.mailbox;

import java.time.Clock;
import java.util.Optional;

import org.apache.james.events.EventBus;
import org.apache.james.mailbox.MailboxManagerTest;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.store.StoreSubscriptionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;

/**
 * James 3.8.1's MailboxManager contract suite (apache-james-mailbox-api tests jar) on {@link NativeMailboxManager}
 * over the PostgreSQL store, assembled as James's JPA suite assembles its manager.
 */
class PostgresMailboxManagerTest extends MailboxManagerTest<NativeMailboxManager> {
    @Disabled("DefaultMessageId (as bound with the JPA mailbox) cannot serve the deleted-messages vault hooks")
    @Nested
    class HookTests {
    }

    private PostgresStoreFixture fixture;
    private Optional<NativeMailboxManager> manager = Optional.empty();

    @Override
    protected NativeMailboxManager provideMailboxManager() {
        if (manager.isEmpty()) {
            fixture = new PostgresStoreFixture(Clock.systemUTC());
            manager = Optional.of(NativeMailboxManagerAssembly.create(fixture.storage));
        }
        return manager.get();
    }

    @Override
    protected SubscriptionManager provideSubscriptionManager() {
        NativeMailboxManager mailboxManager = provideMailboxManager();
        return new StoreSubscriptionManager(mailboxManager.getMapperFactory(), mailboxManager.getMapperFactory(),
            mailboxManager.getEventBus());
    }

    @Override
    protected EventBus retrieveEventBus(NativeMailboxManager mailboxManager) {
        return mailboxManager.getEventBus();
    }

    @AfterEach
    void closeStore() {
        if (fixture != null) {
            fixture.close();
        }
    }
}
