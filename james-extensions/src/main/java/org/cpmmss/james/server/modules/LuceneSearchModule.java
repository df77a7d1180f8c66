package org.cpmmss.james.server.modules;

import java.io.File;
import java.io.IOException;

import org.apache.james.events.EventListener;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.apache.james.modules.mailbox.ReIndexingTaskSerializationModule;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.cpmmss.james.imap.search.RoutingSearchIndex;
import org.cpmmss.james.search.indexing.FreshContent;
import org.cpmmss.james.imap.search.ReIndexingTarget;
import org.cpmmss.james.search.indexing.SearchIndexer;
import org.cpmmss.james.search.indexing.SearchIndexingListener;
import org.cpmmss.james.search.indexing.SearchIndexingSettings;
import org.cpmmss.james.search.text.LuceneTextIndex;
import org.cpmmss.james.search.text.TextIndex;
import org.cpmmss.james.search.ConversationSearchIndex;
import org.cpmmss.james.search.LuceneConversationSearch;
import org.cpmmss.james.plumbing.CpmSettings;
import org.cpmmss.james.search.SearchIndexDurability;
import org.cpmmss.james.store.mailbox.AppendObserver;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Search: one Lucene index in {@code <data>/lucene-text} (IMAP SEARCH and SORT with the folders' metadata, the HTTP
 * history search), written off the append path by the {@link SearchIndexer} in batches, committed every second
 * with its per-folder "indexed up to" marks. James's own Lucene index ({@code <data>/lucene}) is no longer used.
 */
public class LuceneSearchModule extends AbstractModule {

    @Override
    protected void configure() {
        install(new ReIndexingTaskSerializationModule());
        bind(LuceneTextIndex.class).in(Scopes.SINGLETON);
        bind(TextIndex.class).to(LuceneTextIndex.class);
        bind(ConversationSearchIndex.class).to(LuceneConversationSearch.class);
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

    @Provides
    @Singleton
    Directory provideIndexDirectory(JamesDirectoriesProvider directories) throws IOException {
        File index = new File(directories.getVarDirectory(), SearchIndexDurability.INDEX_DIRECTORY);
        if (!index.isDirectory() && !index.mkdirs()) {
            throw new IOException("Cannot create the search index directory " + index);
        }
        return FSDirectory.open(index);
    }
}
