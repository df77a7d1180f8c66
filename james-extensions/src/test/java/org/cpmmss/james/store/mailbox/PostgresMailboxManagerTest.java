package org.cpmmss.james.store.mailbox;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.apache.james.events.EventBus;
import org.apache.james.events.EventBusTestFixture;
import org.apache.james.events.InVMEventBus;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.delivery.InVmEventDelivery;
import org.apache.james.mailbox.MailboxManagerTest;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.acl.UnionMailboxACLResolver;
import org.apache.james.mailbox.store.extractor.DefaultTextExtractor;
import org.apache.james.mailbox.jpa.JPAAttachmentContentLoader;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.StoreSubscriptionManager;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.impl.MessageParser;
import org.apache.james.mailbox.store.quota.QuotaComponents;
import org.apache.james.mailbox.store.search.SimpleMessageSearchIndex;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.utils.UpdatableTickingClock;
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
            manager = Optional.of(create(fixture));
        }
        return manager.get();
    }

    private static NativeMailboxManager create(PostgresStoreFixture fixture) {
        NativeMapperFactory mapperFactory = new NativeMapperFactory(fixture.storage, new DefaultMessageId.Factory());
        InVMEventBus eventBus = new InVMEventBus(new InVmEventDelivery(new RecordingMetricFactory()),
            EventBusTestFixture.RETRY_BACKOFF_CONFIGURATION, new MemoryEventDeadLetters());
        StoreRightManager rights = new StoreRightManager(mapperFactory, new UnionMailboxACLResolver(), eventBus);
        StoreMailboxAnnotationManager annotations = new StoreMailboxAnnotationManager(mapperFactory, rights, 3, 30);
        SessionProviderImpl sessions = new SessionProviderImpl(null, null);
        return new NativeMailboxManager(mapperFactory, sessions, new MessageParser(), new DefaultMessageId.Factory(),
            eventBus, annotations, rights, QuotaComponents.disabled(sessions, mapperFactory),
            new SimpleMessageSearchIndex(mapperFactory, mapperFactory, new DefaultTextExtractor(),
                new JPAAttachmentContentLoader()),
            new NaiveThreadIdGuessingAlgorithm(), new UpdatableTickingClock(Instant.now()));
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
