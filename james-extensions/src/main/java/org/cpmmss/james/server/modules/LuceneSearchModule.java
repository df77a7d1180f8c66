package org.cpmmss.james.server.modules;

import java.io.File;
import java.io.IOException;

import org.apache.james.events.EventListener;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.apache.james.modules.mailbox.ReIndexingTaskSerializationModule;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.cpmmss.james.imap.search.RoutingSearchIndex;
import org.cpmmss.james.imap.search.TextIndexingLuceneIndex;
import org.cpmmss.james.imap.search.text.TextIndex;
import org.cpmmss.james.search.SearchIndexDurability;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Search: James's Lucene index in {@code <data>/lucene} and the project's text index in {@code <data>/lucene-text}
 * (substring, address, sent-date searches, SORT keys, the HTTP history search), both committed every second.
 */
public class LuceneSearchModule extends AbstractModule {

    @Override
    protected void configure() {
        install(new ReIndexingTaskSerializationModule());
        bind(TextIndex.class).in(Scopes.SINGLETON);
        // \Recent at SELECT (docs/imap-profile.md); also writes the text index (docs/imap-notify-sort.md)
        bind(TextIndexingLuceneIndex.class).in(Scopes.SINGLETON);
        bind(LuceneMessageSearchIndex.class).to(TextIndexingLuceneIndex.class);
        // substring, address, sent-date searches, MODSEQ and SORT order: see docs/imap-notify-sort.md
        bind(MessageSearchIndex.class).to(RoutingSearchIndex.class);
        bind(ListeningMessageSearchIndex.class).to(LuceneMessageSearchIndex.class);
        Multibinder.newSetBinder(binder(), EventListener.ReactiveGroupEventListener.class)
            .addBinding().to(LuceneMessageSearchIndex.class);
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
