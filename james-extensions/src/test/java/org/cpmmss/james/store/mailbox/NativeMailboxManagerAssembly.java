package org.cpmmss.james.store.mailbox;

import java.time.Instant;

import org.apache.james.events.EventBusTestFixture;
import org.apache.james.events.InVMEventBus;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.delivery.InVmEventDelivery;
import org.apache.james.mailbox.acl.UnionMailboxACLResolver;
import org.apache.james.mailbox.store.extractor.DefaultTextExtractor;
import org.apache.james.mailbox.jpa.JPAAttachmentContentLoader;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.impl.MessageParser;
import org.apache.james.mailbox.store.quota.QuotaComponents;
import org.apache.james.mailbox.store.search.SimpleMessageSearchIndex;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.utils.UpdatableTickingClock;
import org.cpmmss.james.store.api.MailStorage;

/**
 * {@link NativeMailboxManager} over a given store, assembled as James's JPA suite assembles its manager: the
 * MailboxManager contract suite runs on it for each store (embedded and PostgreSQL).
 */
public final class NativeMailboxManagerAssembly {
    private NativeMailboxManagerAssembly() {
    }

    public static NativeMailboxManager create(MailStorage storage) {
        return create(storage, eventBus());
    }

    /** James's in-VM event bus, as the manager's (a test registers its own listeners on it). */
    public static InVMEventBus eventBus() {
        return new InVMEventBus(new InVmEventDelivery(new RecordingMetricFactory()),
            EventBusTestFixture.RETRY_BACKOFF_CONFIGURATION, new MemoryEventDeadLetters());
    }

    /** The manager over {@code storage}, its events dispatched through {@code eventBus}. */
    public static NativeMailboxManager create(MailStorage storage, InVMEventBus eventBus) {
        NativeMapperFactory mapperFactory = new NativeMapperFactory(storage, new DefaultMessageId.Factory());
        StoreRightManager rights = new StoreRightManager(mapperFactory, new UnionMailboxACLResolver(), eventBus);
        StoreMailboxAnnotationManager annotations = new StoreMailboxAnnotationManager(mapperFactory, rights, 3, 30);
        SessionProviderImpl sessions = new SessionProviderImpl(null, null);
        return new NativeMailboxManager(mapperFactory, sessions, new MessageParser(), new DefaultMessageId.Factory(),
            eventBus, annotations, rights, QuotaComponents.disabled(sessions, mapperFactory),
            new SimpleMessageSearchIndex(mapperFactory, mapperFactory, new DefaultTextExtractor(),
                new JPAAttachmentContentLoader()),
            new NaiveThreadIdGuessingAlgorithm(), new UpdatableTickingClock(Instant.now()));
    }

}
