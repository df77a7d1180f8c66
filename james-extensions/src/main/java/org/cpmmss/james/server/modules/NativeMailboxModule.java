package org.cpmmss.james.server.modules;

import java.time.Clock;

import javax.inject.Singleton;

import org.cpmmss.james.plumbing.DataDirectory;
import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.cpmmss.james.store.api.MailStorage;
import org.cpmmss.james.store.embedded.EmbeddedStorage;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * The James mailbox on the native store ({@code storage.embedded.mailbox=native}), in place of
 * {@code JpaMailboxModule}: the store lives in {@code DATA/mailstore/}; users, domains and the other low-volume James
 * repositories stay on James's JPA/H2 ({@link H2DatabaseModule}); the James side is {@link NativeMailboxBindings}.
 */
public class NativeMailboxModule extends AbstractModule {
    public static final String STORE_DIRECTORY = "mailstore";

    @Override
    protected void configure() {
        install(new NativeMailboxBindings());
    }

    /** The store, opened (and recovered) once; closed with the state databases after the server stopped. */
    @Provides
    @Singleton
    EmbeddedStorage embeddedStorage(EmbeddedStorage.Settings settings, OpenStateDatabases open, Clock clock) {
        return open.register(EmbeddedStorage.open(settings, clock));
    }

    /** Where and how the store keeps its files: {@code DATA/mailstore/} with the default tunables. */
    @Provides
    @Singleton
    EmbeddedStorage.Settings storeSettings(DataDirectory data) {
        return EmbeddedStorage.Settings.defaults(data.resolve(STORE_DIRECTORY).toPath());
    }

    @Provides
    @Singleton
    MailStorage mailStorage(EmbeddedStorage storage) {
        return storage;
    }
}
