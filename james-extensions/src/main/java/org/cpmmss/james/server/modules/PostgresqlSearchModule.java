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
 * <p>The node's {@link PostgresqlDatabase} comes from {@link PostgresqlModule} (one pool per node).</p>
 */
public class PostgresqlSearchModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new SearchIndexingModule());
        install(new PostgresqlModule());
        install(indexBindings());
    }

    private static Module indexBindings() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(PostgresqlTextIndex.class).in(Scopes.SINGLETON);
                bind(TextIndex.class).to(PostgresqlTextIndex.class);
                bind(ConversationSearchIndex.class).to(PostgresqlConversationSearch.class);
            }
        };
    }

    /**
     * The bindings that differ from {@link LuceneSearchModule} with a database of their own: the shared index over an
     * otherwise embedded server (tests put it over the embedded bindings).
     */
    public static Module sharedIndex(PostgresqlSettings settings) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                install(indexBindings());
            }

            @Provides
            @Singleton
            PostgresqlDatabase postgresqlDatabase() {
                return new PostgresqlDatabase(settings);
            }
        };
    }
}
