package org.cpmmss.james.server.modules;

import java.time.Clock;

import javax.inject.Singleton;

import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.cpmmss.james.plumbing.postgresql.PostgresqlDatabase;
import org.cpmmss.james.store.api.MailStorage;
import org.cpmmss.james.store.postgresql.PostgresqlStorage;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * The James mailbox on the PostgreSQL store ({@code storage.backend=postgresql}, docs/store.md "On PostgreSQL"):
 * {@link NativeMailboxBindings} over a {@link PostgresqlStorage} on the node's pool ({@link PostgresqlModule}); the
 * schema is migrated when the store is first needed at start. Nothing of the mailbox is kept in the data directory.
 */
public class PostgresqlMailboxModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new PostgresqlModule());
        install(new NativeMailboxBindings());
    }

    @Provides
    @Singleton
    PostgresqlStorage postgresqlStorage(PostgresqlDatabase database, OpenStateDatabases open, Clock clock) {
        return open.register(PostgresqlStorage.open(database, clock));
    }

    @Provides
    @Singleton
    MailStorage mailStorage(PostgresqlStorage storage) {
        return storage;
    }
}
