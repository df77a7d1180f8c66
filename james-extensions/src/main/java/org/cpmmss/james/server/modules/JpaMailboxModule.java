package org.cpmmss.james.server.modules;


import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.openjpa.OpenJPAMailboxManager;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.mail.MailboxMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapperFactory;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.apache.james.mailbox.store.user.SubscriptionMapperFactory;
import org.apache.james.utils.MailboxManagerDefinition;
import org.cpmmss.james.mailbox.ReservedModSeqProvider;
import org.cpmmss.james.mailbox.ReservedUidProvider;
import org.cpmmss.james.mailbox.SyncTunedMapperFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

/** The James mailbox (folders, messages, flags, MODSEQ, annotations, quotas) on JPA, without quotas. */
public class JpaMailboxModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new StoreMailboxServicesModule());
        bindMailbox();
    }

    private void bindMailbox() {
        // SELECT and FETCH of large folders (issue 11 (d)): bulk \Recent reset, content with the range query
        bind(SyncTunedMapperFactory.class).in(Scopes.SINGLETON);
        bind(JPAMailboxSessionMapperFactory.class).to(SyncTunedMapperFactory.class);
        bind(OpenJPAMailboxManager.class).in(Scopes.SINGLETON);
        bind(ReservedModSeqProvider.class).in(Scopes.SINGLETON);
        bind(ReservedUidProvider.class).in(Scopes.SINGLETON);
        bind(JPAModSeqProvider.class).to(ReservedModSeqProvider.class);
        bind(JPAUidProvider.class).to(ReservedUidProvider.class);
        bind(JPAId.Factory.class).in(Scopes.SINGLETON);

        bind(SubscriptionMapperFactory.class).to(JPAMailboxSessionMapperFactory.class);
        bind(MessageMapperFactory.class).to(JPAMailboxSessionMapperFactory.class);
        bind(MailboxMapperFactory.class).to(JPAMailboxSessionMapperFactory.class);
        bind(MailboxSessionMapperFactory.class).to(JPAMailboxSessionMapperFactory.class);
        bind(ModSeqProvider.class).to(JPAModSeqProvider.class);
        bind(UidProvider.class).to(JPAUidProvider.class);
        bind(MailboxManager.class).to(OpenJPAMailboxManager.class);
        bind(StoreMailboxManager.class).to(OpenJPAMailboxManager.class);
        bind(MailboxId.Factory.class).to(JPAId.Factory.class);

        Multibinder.newSetBinder(binder(), MailboxManagerDefinition.class)
            .addBinding().to(JpaMailboxManagerDefinition.class);
    }

    @Singleton
    static class JpaMailboxManagerDefinition extends MailboxManagerDefinition {
        @Inject
        JpaMailboxManagerDefinition(OpenJPAMailboxManager manager) {
            super("jpa-mailboxmanager", manager);
        }
    }
}
