package org.cpmmss.james.server.modules;

import org.apache.james.events.EventListener;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.apache.james.modules.mailbox.ReIndexingTaskSerializationModule;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.cpmmss.james.imap.search.ReIndexingTarget;
import org.cpmmss.james.imap.search.RoutingSearchIndex;
import org.cpmmss.james.plumbing.CpmSettings;
import org.cpmmss.james.search.SearchIndexDurability;
import org.cpmmss.james.search.indexing.FreshContent;
import org.cpmmss.james.search.indexing.SearchIndexer;
import org.cpmmss.james.search.indexing.SearchIndexingListener;
import org.cpmmss.james.search.indexing.SearchIndexingSettings;
import org.cpmmss.james.store.mailbox.AppendObserver;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * What search needs whichever index holds the entries (the embedded Lucene one of {@link LuceneSearchModule}, the
 * shared PostgreSQL one of {@link PostgresqlSearchModule}): the {@link SearchIndexer} off the append path with its
 * listener and the append path's bytes, the IMAP SEARCH/SORT index, James's re-indexing target, and the durability
 * keeper that commits every second and catches up every folder's tail at start.
 */
public class SearchIndexingModule extends AbstractModule {

    @Override
    protected void configure() {
        install(new ReIndexingTaskSerializationModule());
        bind(SearchIndexer.class).in(Scopes.SINGLETON);
        bind(FreshContent.class).in(Scopes.SINGLETON);
        bind(AppendObserver.class).to(FreshContent.class);
        // SEARCH, SORT (criteria, MODSEQ, sort order): see docs/imap-notify-sort.md
        bind(MessageSearchIndex.class).to(RoutingSearchIndex.class);
        // what James's re-indexing (WebAdmin reIndex task) writes into
        bind(ListeningMessageSearchIndex.class).to(ReIndexingTarget.class);
        Multibinder.newSetBinder(binder(), EventListener.ReactiveGroupEventListener.class)
            .addBinding().to(SearchIndexingListener.class);
    }

    @Provides
    @Singleton
    SearchIndexingSettings searchIndexingSettings(CpmSettings settings) {
        return SearchIndexingSettings.from(settings.firsts());
    }

    @ProvidesIntoSet
    InitializationOperation keepIndexDurable(SearchIndexDurability durability) {
        return InitilizationOperationBuilder.forClass(SearchIndexDurability.class).init(durability::start);
    }
}
