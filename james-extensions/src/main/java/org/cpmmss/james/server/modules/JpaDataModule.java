package org.cpmmss.james.server.modules;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.CoreDataModule;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.mailrepository.api.MailRepositoryFactory;
import org.apache.james.mailrepository.api.MailRepositoryUrlStore;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.jpa.JPAMailRepository;
import org.apache.james.mailrepository.jpa.JPAMailRepositoryFactory;
import org.apache.james.mailrepository.memory.MailRepositoryStoreConfiguration;
import org.apache.james.rrt.api.AliasReverseResolver;
import org.apache.james.rrt.api.CanSendFrom;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.lib.AliasReverseResolverImpl;
import org.apache.james.rrt.lib.CanSendFromImpl;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.sieverepository.api.SieveQuotaRepository;
import org.apache.james.sieverepository.api.SieveRepository;
import org.apache.james.sieverepository.file.SieveFileRepository;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.cpmmss.james.mailbox.users.JdbcDomainList;
import org.cpmmss.james.mailbox.users.JdbcMailRepositoryUrlStore;
import org.cpmmss.james.mailbox.users.JdbcRecipientRewriteTable;
import org.cpmmss.james.mailbox.users.JdbcUsersRepository;

import com.google.common.collect.ImmutableList;
import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Domains, users, recipient rewrite table and the names of the mail repositories in James's database (H2, or the
 * shared PostgreSQL), as plain JDBC over the tables of James's JPA entities ({@code org.cpmmss.james.mailbox.users}:
 * no OpenJPA on the start path, issue 22); the {@code jpa://} mail repositories (unused by the shipped
 * configuration) still through JPA, opened on first use. Sieve scripts (unused by cpm-mss, required by James's
 * mailet container) live in files.
 */
public class JpaDataModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new CoreDataModule());

        bind(JdbcDomainList.class).in(Scopes.SINGLETON);
        bind(DomainList.class).to(JdbcDomainList.class);

        bind(JdbcUsersRepository.class).in(Scopes.SINGLETON);
        bind(UsersRepository.class).to(JdbcUsersRepository.class);

        bind(JdbcRecipientRewriteTable.class).in(Scopes.SINGLETON);
        bind(RecipientRewriteTable.class).to(JdbcRecipientRewriteTable.class);
        bind(AliasReverseResolverImpl.class).in(Scopes.SINGLETON);
        bind(AliasReverseResolver.class).to(AliasReverseResolverImpl.class);
        bind(CanSendFromImpl.class).in(Scopes.SINGLETON);
        bind(CanSendFrom.class).to(CanSendFromImpl.class);

        bind(JdbcMailRepositoryUrlStore.class).in(Scopes.SINGLETON);
        bind(MailRepositoryUrlStore.class).to(JdbcMailRepositoryUrlStore.class);
        bind(MailRepositoryStoreConfiguration.Item.class)
            .toProvider(() -> new MailRepositoryStoreConfiguration.Item(
                ImmutableList.of(new Protocol("jpa")),
                JPAMailRepository.class.getName(),
                new BaseHierarchicalConfiguration()));
        Multibinder.newSetBinder(binder(), MailRepositoryFactory.class)
            .addBinding().to(JPAMailRepositoryFactory.class);

        bind(SieveFileRepository.class).in(Scopes.SINGLETON);
        bind(SieveRepository.class).to(SieveFileRepository.class);
        bind(SieveQuotaRepository.class).to(SieveFileRepository.class);
    }

    @ProvidesIntoSet
    InitializationOperation configureDomainList(DomainListConfiguration configuration, JdbcDomainList domainList) {
        return InitilizationOperationBuilder.forClass(JdbcDomainList.class)
            .init(() -> domainList.configure(configuration));
    }

    @ProvidesIntoSet
    InitializationOperation configureUsers(ConfigurationProvider configurationProvider, JdbcUsersRepository users) {
        return InitilizationOperationBuilder.forClass(JdbcUsersRepository.class)
            .init(() -> users.configure(configurationProvider.getConfiguration("usersrepository")));
    }

    @ProvidesIntoSet
    InitializationOperation configureRecipientRewriteTable(ConfigurationProvider configurationProvider,
                                                          JdbcRecipientRewriteTable table) {
        return InitilizationOperationBuilder.forClass(JdbcRecipientRewriteTable.class)
            .init(() -> table.configure(configurationProvider.getConfiguration("recipientrewritetable")));
    }
}
