package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;

import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.cpmmss.james.server.modules.NativeMailboxModule;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;

/**
 * The run command opens the native message store before Guice asks for it: the server gets the store of
 * {@code DATA/mailstore/}, registered to be closed after the stop; nothing is opened when another store is selected;
 * a store the server never took is closed by the stop.
 */
class EarlyStoreOpeningTest {
    private static final FolderName CHAT = new FolderName("#private", "alice@example.com", "Chat");

    @TempDir
    Path work;

    @Test
    void theServerGetsTheStoreOfTheDataDirectoryRegisteredForTheClose() throws Exception {
        EarlyStoreOpening opening = EarlyStoreOpening.start(configuration(""));
        Injector injector = Guice.createInjector(opening.module());

        EmbeddedStorage store = injector.getInstance(EmbeddedStorage.class);
        store.folders().create(CHAT, 7);
        assertThat(injector.getInstance(EmbeddedStorage.class)).isSameAs(store);
        assertThat(mailstore().resolve("meta.mv.db")).exists();

        injector.getInstance(OpenStateDatabases.class).closeAll();
        opening.closeIfNotHandedOver(); // handed over: the stop above closed it, nothing more to do
        assertClosed();
        try (EmbeddedStorage reopened = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(mailstore()),
            Clock.systemUTC())) {
            assertThat(reopened.folders().find(CHAT)).as("the folder created through the early store").isPresent();
        }
    }

    @Test
    void nothingIsOpenedWhenTheJpaMailboxOrPostgresqlIsSelected() throws Exception {
        for (String selection : new String[] {"storage.embedded.mailbox=jpa\n",
            "storage.backend=postgresql\npostgresql.url=jdbc:postgresql://127.0.0.1:1/none\n"}) {
            EarlyStoreOpening opening = EarlyStoreOpening.start(configuration(selection));
            assertThat(opening.module()).as(selection).isSameAs(Modules.EMPTY_MODULE);
            opening.closeIfNotHandedOver();
        }
        assertThat(mailstore()).doesNotExist();
    }

    @Test
    void aStoreTheServerNeverTookIsClosedByTheStop() throws Exception {
        EarlyStoreOpening opening = EarlyStoreOpening.start(configuration(""));
        opening.module();

        opening.closeIfNotHandedOver();

        assertClosed();
    }

    /** A plain {@code file:} URL opens the file itself: H2 refuses it while this JVM still holds it open. */
    private void assertClosed() throws Exception {
        String plain = "jdbc:h2:file:" + mailstore().resolve("meta").toAbsolutePath() + ";IFEXISTS=TRUE";
        DriverManager.getConnection(plain).close();
    }

    private CpmMssConfiguration configuration(String storageProperties) throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.writeString(conf.resolve("storage.properties"), storageProperties);
        return CpmMssServer.configuration(conf.toFile(), Files.createDirectories(work.resolve("data")).toFile());
    }

    private Path mailstore() {
        return work.resolve("data").resolve(NativeMailboxModule.STORE_DIRECTORY);
    }
}
