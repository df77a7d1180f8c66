package org.cpmmss.james.store.wiring;

import static org.apache.james.modules.Names.MAILBOXMANAGER_NAME;

import java.io.File;
import java.time.Clock;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.adapter.mailbox.ACLUsernameChangeTaskStep;
import org.apache.james.adapter.mailbox.MailboxUsernameChangeTaskStep;
import org.apache.james.adapter.mailbox.QuotaUsernameChangeTaskStep;
import org.apache.james.adapter.mailbox.UserRepositoryAuthenticator;
import org.apache.james.adapter.mailbox.UserRepositoryAuthorizator;
import org.apache.james.events.EventListener;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.mailbox.AttachmentContentLoader;
import org.apache.james.mailbox.Authenticator;
import org.apache.james.mailbox.Authorizator;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.acl.MailboxACLResolver;
import org.apache.james.mailbox.acl.UnionMailboxACLResolver;
import org.apache.james.mailbox.indexer.ReIndexer;
import org.apache.james.mailbox.jpa.JPAAttachmentContentLoader;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.store.JVMMailboxPathLocker;
import org.apache.james.mailbox.store.MailboxManagerConfiguration;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.StoreSubscriptionManager;
import org.apache.james.mailbox.store.event.MailboxAnnotationListener;
import org.apache.james.mailbox.store.mail.MailboxMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapperFactory;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.user.SubscriptionMapperFactory;
import org.apache.james.user.api.UsernameChangeTaskStep;
import org.apache.james.utils.MailboxManagerDefinition;
import org.apache.mailbox.tools.indexer.ReIndexerImpl;
import org.cpmmss.james.modules.H2DatabaseModule;
import org.cpmmss.james.modules.OpenStateDatabases;
import org.cpmmss.james.store.api.MailStorage;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.james.store.mailbox.NativeMailboxId;
import org.cpmmss.james.store.mailbox.NativeMailboxManager;
import org.cpmmss.james.store.mailbox.NativeMapperFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.name.Names;

/**
 * The James mailbox on the native store ({@code storage.embedded.mailbox=native}), in place of
 * {@code JpaMailboxModule}: the store lives in {@code DATA/mailstore/}; users, domains and the other low-volume James
 * repositories stay on James's JPA/H2 ({@link H2DatabaseModule}); quotas as with the JPA mailbox (none enforced).
 */
public class NativeMailboxModule extends AbstractModule {
    static final String STORE_DIRECTORY = "mailstore";

    @Override
    protected void configure() {
        install(new H2DatabaseModule());
        install(new NoQuotaModule());
        bind(NativeMailboxManager.class).in(Scopes.SINGLETON);
        bind(JVMMailboxPathLocker.class).in(Scopes.SINGLETON);
        bind(StoreSubscriptionManager.class).in(Scopes.SINGLETON);
        bind(UserRepositoryAuthenticator.class).in(Scopes.SINGLETON);
        bind(UserRepositoryAuthorizator.class).in(Scopes.SINGLETON);
        bind(UnionMailboxACLResolver.class).in(Scopes.SINGLETON);
        bind(DefaultMessageId.Factory.class).in(Scopes.SINGLETON);
        bind(NativeMailboxId.Factory.class).in(Scopes.SINGLETON);
        bind(NaiveThreadIdGuessingAlgorithm.class).in(Scopes.SINGLETON);
        bind(ReIndexerImpl.class).in(Scopes.SINGLETON);
        bind(SessionProviderImpl.class).in(Scopes.SINGLETON);

        bind(SubscriptionMapperFactory.class).to(NativeMapperFactory.class);
        bind(MessageMapperFactory.class).to(NativeMapperFactory.class);
        bind(MailboxMapperFactory.class).to(NativeMapperFactory.class);
        bind(MailboxSessionMapperFactory.class).to(NativeMapperFactory.class);
        bind(MessageId.Factory.class).to(DefaultMessageId.Factory.class);
        bind(MailboxId.Factory.class).to(NativeMailboxId.Factory.class);
        bind(ThreadIdGuessingAlgorithm.class).to(NaiveThreadIdGuessingAlgorithm.class);
        bind(SubscriptionManager.class).to(StoreSubscriptionManager.class);
        bind(MailboxPathLocker.class).to(JVMMailboxPathLocker.class);
        bind(Authenticator.class).to(UserRepositoryAuthenticator.class);
        bind(Authorizator.class).to(UserRepositoryAuthorizator.class);
        bind(MailboxManager.class).to(NativeMailboxManager.class);
        bind(StoreMailboxManager.class).to(NativeMailboxManager.class);
        bind(SessionProvider.class).to(SessionProviderImpl.class);
        bind(MailboxACLResolver.class).to(UnionMailboxACLResolver.class);
        bind(AttachmentContentLoader.class).to(JPAAttachmentContentLoader.class);
        bind(ReIndexer.class).to(ReIndexerImpl.class);
        bind(MailboxManager.class).annotatedWith(Names.named(MAILBOXMANAGER_NAME)).to(MailboxManager.class);
        bind(MailboxManagerConfiguration.class).toInstance(MailboxManagerConfiguration.DEFAULT);

        Multibinder.newSetBinder(binder(), MailboxManagerDefinition.class)
            .addBinding().to(NativeMailboxManagerDefinition.class);
        Multibinder.newSetBinder(binder(), EventListener.GroupEventListener.class)
            .addBinding().to(MailboxAnnotationListener.class);
        Multibinder<UsernameChangeTaskStep> usernameChangeSteps =
            Multibinder.newSetBinder(binder(), UsernameChangeTaskStep.class);
        usernameChangeSteps.addBinding().to(MailboxUsernameChangeTaskStep.class);
        usernameChangeSteps.addBinding().to(ACLUsernameChangeTaskStep.class);
        usernameChangeSteps.addBinding().to(QuotaUsernameChangeTaskStep.class);
    }

    /** The store, opened (and recovered) once; closed with the state databases after the server stopped. */
    @Provides
    @Singleton
    EmbeddedStorage embeddedStorage(JamesDirectoriesProvider directories, OpenStateDatabases open, Clock clock) {
        File data = new File(System.getProperty("cpm.data.dir", directories.getVarDirectory()));
        return open.register(EmbeddedStorage.open(
            EmbeddedStorage.Settings.defaults(new File(data, STORE_DIRECTORY).toPath()), clock));
    }

    @Provides
    @Singleton
    MailStorage mailStorage(EmbeddedStorage storage) {
        return storage;
    }

    @Provides
    @Singleton
    NativeMapperFactory mapperFactory(MailStorage storage, MessageId.Factory messageIds) {
        return new NativeMapperFactory(storage, messageIds);
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
