package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.cpmmss.james.outbound.NotificationOutbox;
import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.cpmmss.james.state.H2DeferredQueue;
import org.cpmmss.james.state.H2ExpiryIndex;
import org.cpmmss.recording.port.DeferredQueue;
import org.cpmmss.recording.port.ExpiryIndex;
import org.cpmmss.recording.port.NotificationStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;

/**
 * The run command opens four state databases before Guice asks for them: the server gets those of {@code DATA/h2/},
 * each registered to be closed after the stop when it is taken; nothing is opened with the PostgreSQL backend; the
 * databases the server never took are closed by the stop (H2 would refuse to open them again in this JVM otherwise).
 */
class EarlyStateDatabaseOpeningTest {
    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    @TempDir
    Path work;

    @Test
    void theServerGetsTheDatabasesOfTheDataDirectoryRegisteredForTheClose() throws Exception {
        EarlyStateDatabaseOpening opening = EarlyStateDatabaseOpening.start(configuration(""));
        Injector injector = Guice.createInjector(opening.module());

        DeferredQueue queue = injector.getInstance(DeferredQueue.class);
        assertThat(injector.getInstance(DeferredQueue.class)).isSameAs(queue);
        long id = queue.add(entry()).id();
        injector.getInstance(ExpiryIndex.class).put(new ExpiryIndex.Entry("alice@example.com", "m1", 7, T0));
        assertThat(injector.getInstance(NotificationStateStore.class)).isNotNull();
        assertThat(injector.getInstance(NotificationOutbox.class)).isNotNull();

        injector.getInstance(OpenStateDatabases.class).closeAll();
        opening.closeIfNotHandedOver(); // all handed over: the stop above closed them
        try (H2DeferredQueue reopened = new H2DeferredQueue(data().toFile(), Clock.systemUTC());
             H2ExpiryIndex index = new H2ExpiryIndex(data().toFile())) {
            assertThat(reopened.get(id)).as("the entry added through the early queue").isPresent();
            assertThat(index.size()).isEqualTo(1);
        }
    }

    @Test
    void nothingIsOpenedWithThePostgresqlBackend() throws Exception {
        EarlyStateDatabaseOpening opening = EarlyStateDatabaseOpening.start(
            configuration("storage.backend=postgresql\npostgresql.url=jdbc:postgresql://127.0.0.1:1/none\n"));
        assertThat(opening.module()).isSameAs(Modules.EMPTY_MODULE);
        opening.closeIfNotHandedOver();
        assertThat(data().resolve("h2")).doesNotExist();
    }

    @Test
    void theDatabasesTheServerNeverTookAreClosedByTheStop() throws Exception {
        EarlyStateDatabaseOpening opening = EarlyStateDatabaseOpening.start(configuration(""));
        Injector injector = Guice.createInjector(opening.module());
        DeferredQueue queue = injector.getInstance(DeferredQueue.class); // taken: the server's stop closes it

        opening.closeIfNotHandedOver();

        for (String closed : new String[] {"cpm-imdn", "cpm-outbox", "cpm-deferred"}) {
            assertThat(opensAsAPlainFile(closed)).as(closed).isTrue();
        }
        assertThat(opensAsAPlainFile("cpm-deferred-queue")).as("the one the server took, still open").isFalse();
        assertThat(queue.list("alice@example.com")).isEmpty();
        injector.getInstance(OpenStateDatabases.class).closeAll();
        assertThat(opensAsAPlainFile("cpm-deferred-queue")).isTrue();
    }

    /** A plain {@code file:} URL opens the file itself: H2 refuses it while this JVM still holds it open. */
    private boolean opensAsAPlainFile(String name) {
        String plain = "jdbc:h2:file:" + data().resolve("h2").resolve(name).toAbsolutePath() + ";IFEXISTS=TRUE";
        try {
            DriverManager.getConnection(plain).close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static DeferredQueue.NewEntry entry() {
        return new DeferredQueue.NewEntry("alice@example.com", "k1", "sip:+1@example.com", "sip:+2@example.com",
            Optional.of("hello"), T0, Optional.of("conv"), Optional.empty(), Optional.of("imdn-k1"), "body".getBytes(),
            T0.plusSeconds(3600));
    }

    private CpmMssConfiguration configuration(String storageProperties) throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.writeString(conf.resolve("storage.properties"), storageProperties);
        return CpmMssServer.configuration(conf.toFile(), Files.createDirectories(data()).toFile());
    }

    private Path data() {
        return work.resolve("data");
    }
}
