package org.cpmmss.james.server.modules;

import org.apache.james.mailbox.jpa.quota.JpaCurrentQuotaManager;
import org.apache.james.mailbox.quota.CurrentQuotaManager;
import org.apache.james.mailbox.quota.MaxQuotaManager;
import org.apache.james.mailbox.quota.QuotaManager;
import org.apache.james.mailbox.quota.QuotaRootDeserializer;
import org.apache.james.mailbox.quota.QuotaRootResolver;
import org.apache.james.mailbox.quota.UserQuotaRootResolver;
import org.apache.james.mailbox.store.quota.DefaultUserQuotaRootResolver;
import org.apache.james.mailbox.store.quota.NoMaxQuotaManager;
import org.apache.james.mailbox.store.quota.NoQuotaManager;
import org.apache.james.mailbox.store.quota.NoQuotaUpdater;
import org.apache.james.mailbox.store.quota.QuotaUpdater;
import org.apache.james.quota.search.QuotaSearcher;
import org.apache.james.quota.search.scanning.ScanningQuotaSearcher;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/**
 * Quotas of both mailbox backends (JPA and native): none. James's per-user accounting would cost every append one
 * more transaction and six limit reads, and cpm-mss offers no way to set limits (IMAP GETQUOTAROOT answers the root
 * without limits); the current-quota table of James's JPA database stays bound.
 */
public class NoQuotaModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(DefaultUserQuotaRootResolver.class).in(Scopes.SINGLETON);
        bind(JpaCurrentQuotaManager.class).in(Scopes.SINGLETON);
        bind(ScanningQuotaSearcher.class).in(Scopes.SINGLETON);
        bind(UserQuotaRootResolver.class).to(DefaultUserQuotaRootResolver.class);
        bind(QuotaRootResolver.class).to(DefaultUserQuotaRootResolver.class);
        bind(QuotaRootDeserializer.class).to(DefaultUserQuotaRootResolver.class);
        bind(CurrentQuotaManager.class).to(JpaCurrentQuotaManager.class);
        bind(QuotaSearcher.class).to(ScanningQuotaSearcher.class);
        bind(QuotaManager.class).toInstance(new NoQuotaManager());
        bind(MaxQuotaManager.class).toInstance(new NoMaxQuotaManager());
        bind(QuotaUpdater.class).toInstance(new NoQuotaUpdater());
    }
}
