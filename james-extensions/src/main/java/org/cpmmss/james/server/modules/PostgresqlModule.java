package org.cpmmss.james.server.modules;

import javax.inject.Singleton;

import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.cpmmss.james.plumbing.postgresql.PostgresqlDatabase;
import org.cpmmss.james.store.wiring.StorageSelection;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * The node's {@link PostgresqlDatabase} (one pool, {@code storage.postgresql.*} of the bound
 * {@link StorageSelection}) for every PostgreSQL store of {@code storage.backend=postgresql}; closed after the server
 * stopped, after the stores that use it ({@link OpenStateDatabases#registerShared}). Modules that need the pool install this module; installing it more than once is harmless (equal
 * instances are installed once).
 */
public class PostgresqlModule extends AbstractModule {
    @Provides
    @Singleton
    PostgresqlDatabase postgresqlDatabase(StorageSelection selection, OpenStateDatabases open) {
        return open.registerShared(new PostgresqlDatabase(selection.postgresql().orElseThrow(() ->
            new IllegalStateException("storage.backend=postgresql needs storage.postgresql.url and .user"
                + " (docs/configuration.md)"))));
    }

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == PostgresqlModule.class;
    }

    @Override
    public int hashCode() {
        return PostgresqlModule.class.hashCode();
    }
}
