package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Singleton;

import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.CpmObjectSamples;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * The idempotency look-up each owner of each object makes before its append reads the metadata database only for a
 * key that may have been recorded: a new object's key (almost every object) is answered "never recorded" from memory.
 * A resend is still found — before and after a restart, whose store reads the keys already recorded back into memory
 * — and answered without a second copy. Real LMTP server and client; the store's read count is the probe.
 */
class RecordedKeyReadsTest {
    private static final String ALICE = "+33600000001@example.com";
    private static final String BOB = "+33600000002@example.com";
    private static final String PASSWORD = "secret";
    private static final AtomicReference<EmbeddedStorage> STORE = new AtomicReference<>();
    private static CpmMssTestServer server;

    @BeforeAll
    static void boot() throws Exception {
        Path work = Files.createTempDirectory("recorded-key-reads");
        server = CpmMssTestServer.withFreshData(work);
        server.withOverride(new AbstractModule() {
            @Provides
            @Singleton
            EmbeddedStorage watchedStorage(EmbeddedStorage.Settings settings, OpenStateDatabases open, Clock clock) {
                EmbeddedStorage storage = open.register(EmbeddedStorage.open(settings, clock));
                STORE.set(storage);
                return storage;
            }
        }).start();
        server.webAdmin().addDomain("example.com");
        server.webAdmin().addUser(ALICE, PASSWORD);
        server.webAdmin().addUser(BOB, PASSWORD);
    }

    @AfterAll
    static void shutdown() throws Exception {
        server.close();
    }

    private static List<String> deliver(String imdnId) throws Exception {
        byte[] chat = CpmObjectSamples.chat("tel:+33600000001", "tel:+33600000002", "keys-conv", "keys-contrib",
            imdnId, "hello " + imdnId);
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), List.of(ALICE, BOB), chat);
    }

    private static long reads(Runnable delivery) {
        long before = STORE.get().recordedKeyReads();
        delivery.run();
        return STORE.get().recordedKeyReads() - before;
    }

    private static void delivered(String imdnId) {
        try {
            assertThat(deliver(imdnId)).hasSize(2).allSatisfy(reply -> assertThat(reply).startsWith("250"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void oneCopyEach(String imdnId) throws Exception {
        try (ImapConnection alice = ImapConnection.login(server.imapPort(), ALICE, PASSWORD);
             ImapConnection bob = ImapConnection.login(server.imapPort(), BOB, PASSWORD)) {
            alice.expectOk("SELECT \"Default/tel:+33600000002\"");
            bob.expectOk("SELECT \"Default/tel:+33600000001\"");
            assertThat(StorageDrillFixtures.searchUids(alice, "UID SEARCH HEADER IMDN-Message-ID " + imdnId)).hasSize(1);
            assertThat(StorageDrillFixtures.searchUids(bob, "UID SEARCH HEADER IMDN-Message-ID " + imdnId)).hasSize(1);
        }
    }

    @Test
    void aNewObjectsKeyIsNotReadAndAResendIsStillFoundAcrossARestart() throws Exception {
        assertThat(STORE.get().awaitRecordedKeysInMemory(Duration.ofSeconds(30))).isTrue();
        delivered("keys-first"); // creates both owners' folders

        assertThat(reads(() -> delivered("keys-new-1"))).as("database reads of a new object's keys").isZero();
        assertThat(reads(() -> delivered("keys-new-1"))).as("database reads of a resent object's keys").isEqualTo(2);
        oneCopyEach("keys-new-1");

        server.stop();
        STORE.set(null);
        server.start();
        assertThat(STORE.get().awaitRecordedKeysInMemory(Duration.ofSeconds(30))).isTrue();

        assertThat(reads(() -> delivered("keys-new-1"))).as("reads of a key recorded before the restart").isEqualTo(2);
        assertThat(reads(() -> delivered("keys-first"))).isEqualTo(2);
        oneCopyEach("keys-new-1");
        oneCopyEach("keys-first");
        assertThat(reads(() -> delivered("keys-new-2"))).as("database reads of a new object's keys").isZero();
        oneCopyEach("keys-new-2");
    }
}
