package org.cpmmss.james.server.modules;

import java.io.File;
import java.io.IOException;

import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.cpmmss.james.ops.health.LuceneIndexHealthCheck;
import org.cpmmss.james.search.ConversationSearchIndex;
import org.cpmmss.james.search.LuceneConversationSearch;
import org.cpmmss.james.search.SearchIndexDurability;
import org.cpmmss.james.search.indexing.SearchIndexer;
import org.cpmmss.james.search.indexing.MailboxStoredTexts;
import org.cpmmss.james.search.text.LuceneTextIndex;
import org.cpmmss.james.search.text.StoredTexts;
import org.cpmmss.james.search.text.TextIndex;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;

/**
 * Search: one Lucene index in {@code <data>/lucene-text} (IMAP SEARCH and SORT with the folders' metadata, the HTTP
 * history search), written off the append path by the {@link SearchIndexer} in batches, committed every second
 * with its per-folder "indexed up to" marks. James's own Lucene index ({@code <data>/lucene}) is no longer used.
 */
public class LuceneSearchModule extends AbstractModule {

    @Override
    protected void configure() {
        install(new SearchIndexingModule());
        bind(LuceneTextIndex.class).in(Scopes.SINGLETON);
        bind(TextIndex.class).to(LuceneTextIndex.class);
        // body trigrams are kept without positions: longer BODY/TEXT strings' candidates are checked against the store
        bind(StoredTexts.class).to(MailboxStoredTexts.class);
        bind(ConversationSearchIndex.class).to(LuceneConversationSearch.class);
        // the index's health check is there only where the index is (OpsModule holds the others)
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(LuceneIndexHealthCheck.class);
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
