package org.cpmmss.james.server.modules;

import org.cpmmss.james.plumbing.postgresql.PostgresqlDatabase;
import org.cpmmss.james.plumbing.postgresql.PostgresqlSettings;
import org.cpmmss.james.search.ConversationSearchIndex;
import org.cpmmss.james.search.postgresql.PostgresqlConversationSearch;
import org.cpmmss.james.search.postgresql.PostgresqlTextIndex;
import org.cpmmss.james.search.text.TextIndex;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;

/**
 * Search with {@code storage.backend=postgresql}: the index is shared by every node, in PostgreSQL
 * ({@link PostgresqlTextIndex}, schema {@value PostgresqlTextIndex#MIGRATIONS} migrated at start), with the same
 * answers as the embedded Lucene index; everything around it as {@link SearchIndexingModule} (docs/store.md, "Search
 * on PostgreSQL").
 *
 * <p>Until the PostgreSQL store's own module binds the node's {@link PostgresqlDatabase}, this module provides it
 * from {@code storage.postgresql.*} (one pool per node: when both modules are installed, keep one provider).</p>
 */
public class PostgresqlSearchModule extends AbstractModule {
    private final PostgresqlSettings settings;

    public PostgresqlSearchModule(PostgresqlSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        install(new SearchIndexingModule());
        install(sharedIndex(settings));
    }

    /** The bindings that differ from {@link LuceneSearchModule}: the index, the history search, the database. */
    public static Module sharedIndex(PostgresqlSettings settings) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(PostgresqlTextIndex.class).in(Scopes.SINGLETON);
                bind(TextIndex.class).to(PostgresqlTextIndex.class);
                bind(ConversationSearchIndex.class).to(PostgresqlConversationSearch.class);
            }

            @Provides
            @Singleton
            PostgresqlDatabase postgresqlDatabase() {
                return new PostgresqlDatabase(settings);
            }
        };
    }
}
