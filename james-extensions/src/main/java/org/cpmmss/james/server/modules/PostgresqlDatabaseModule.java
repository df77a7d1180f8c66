package org.cpmmss.james.server.modules;

import javax.inject.Singleton;

import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.cpmmss.james.plumbing.postgresql.PostgresqlDatabase;
import org.cpmmss.james.plumbing.postgresql.PostgresqlSettings;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * The node's one pool to the shared PostgreSQL of {@code storage.backend=postgresql} ({@link PostgresqlDatabase}),
 * closed by the run command after the server stopped. Kept apart from the modules that use it (the state of
 * {@link PostgresqlStateModule}, the store) so that the assembly provides it once.
 */
public class PostgresqlDatabaseModule extends AbstractModule {
    private final PostgresqlSettings settings;

    public PostgresqlDatabaseModule(PostgresqlSettings settings) {
        this.settings = settings;
    }

    @Provides
    @Singleton
    PostgresqlDatabase postgresqlDatabase(OpenStateDatabases open) {
        return open.register(new PostgresqlDatabase(settings));
    }
}
