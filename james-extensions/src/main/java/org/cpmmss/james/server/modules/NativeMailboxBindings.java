package org.cpmmss.james.server.modules;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.mail.MailboxMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapperFactory;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.apache.james.mailbox.store.user.SubscriptionMapperFactory;
import org.apache.james.utils.MailboxManagerDefinition;
import org.cpmmss.james.store.api.MailStorage;
import org.cpmmss.james.store.api.RecordedKeys;
import org.cpmmss.james.store.api.SharedForces;
import org.cpmmss.james.store.mailbox.AppendObserver;
import org.cpmmss.james.store.mailbox.NativeMailboxId;
import org.cpmmss.james.store.mailbox.NativeMailboxManager;
import org.cpmmss.james.store.mailbox.NativeMapperFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;

/**
 * The James mailbox on cpm-mss's own mapper SPI over whichever {@link MailStorage} the including module binds
 * ({@link NativeMailboxModule}: the embedded store; {@link PostgresqlMailboxModule}: PostgreSQL), in place of
 * {@code JpaMailboxModule}; the rest as with the JPA mailbox ({@link StoreMailboxServicesModule}: no quotas, the
 * same authentication, ACLs, subscriptions and listeners).
 */
public class NativeMailboxBindings extends AbstractModule {
    @Override
    protected void configure() {
        install(new StoreMailboxServicesModule());
        bind(NativeMailboxManager.class).in(Scopes.SINGLETON);
        bind(NativeMailboxId.Factory.class).in(Scopes.SINGLETON);

        bind(SubscriptionMapperFactory.class).to(NativeMapperFactory.class);
        bind(MessageMapperFactory.class).to(NativeMapperFactory.class);
        bind(MailboxMapperFactory.class).to(NativeMapperFactory.class);
        bind(MailboxSessionMapperFactory.class).to(NativeMapperFactory.class);
        bind(MailboxId.Factory.class).to(NativeMailboxId.Factory.class);
        bind(MailboxManager.class).to(NativeMailboxManager.class);
        bind(StoreMailboxManager.class).to(NativeMailboxManager.class);

        Multibinder.newSetBinder(binder(), MailboxManagerDefinition.class)
            .addBinding().to(NativeMailboxManagerDefinition.class);
        // the recording pipeline's keys are written in the append's transaction (docs/pipeline.md, "Idempotency")
        OptionalBinder.newOptionalBinder(binder(), RecordedKeys.class).setBinding().toProvider(StorageRecordedKeys.class);
        // ... and an object's copies for all its owners are forced to disk once (docs/pipeline.md, "Idempotency")
        OptionalBinder.newOptionalBinder(binder(), SharedForces.class).setBinding().toProvider(StorageSharedForces.class);
    }

    /** The store's shared forces. */
    static class StorageSharedForces implements javax.inject.Provider<SharedForces> {
        private final MailStorage storage;

        @Inject
        StorageSharedForces(MailStorage storage) {
            this.storage = storage;
        }

        @Override
        public SharedForces get() {
            return storage::shareForce;
        }
    }

    /** The store's recorded keys. */
    static class StorageRecordedKeys implements javax.inject.Provider<RecordedKeys> {
        private final MailStorage storage;

        @Inject
        StorageRecordedKeys(MailStorage storage) {
            this.storage = storage;
        }

        @Override
        public RecordedKeys get() {
            return storage.recordedKeys();
        }
    }

    @Provides
    @Singleton
    NativeMapperFactory mapperFactory(MailStorage storage, MessageId.Factory messageIds, AppendObserver appends) {
        return new NativeMapperFactory(storage, messageIds, appends);
    }

    @Provides
    @Singleton
    UidProvider uidProvider(NativeMapperFactory factory) {
        return factory.getUidProvider();
    }

    @Provides
    @Singleton
    ModSeqProvider modSeqProvider(NativeMapperFactory factory) {
        return factory.getModSeqProvider();
    }

    /** The mailbox manager James's probes and checks see. */
    @Singleton
    static class NativeMailboxManagerDefinition extends MailboxManagerDefinition {
        @Inject
        NativeMailboxManagerDefinition(NativeMailboxManager manager) {
            super("native-mailboxmanager", manager);
        }
    }
}
