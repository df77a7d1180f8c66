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

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

/**
 * James's JPA mailbox (folders, messages, flags, MODSEQ, annotations) as James ships it, without quotas: selected by
 * {@code storage.embedded.mailbox=jpa}, the store of releases before issue 22, kept as the source of the migration
 * to the native store. Its earlier tuning (reserved UID/MODSEQ blocks, bulk \Recent reset, projections) was
 * retired with it: the native store is the one that serves (docs/store.md).
 */
public class JpaMailboxModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new StoreMailboxServicesModule());
        bindMailbox();
    }

    private void bindMailbox() {
        bind(JPAMailboxSessionMapperFactory.class).in(Scopes.SINGLETON);
        bind(OpenJPAMailboxManager.class).in(Scopes.SINGLETON);
        bind(JPAModSeqProvider.class).in(Scopes.SINGLETON);
        bind(JPAUidProvider.class).in(Scopes.SINGLETON);
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
