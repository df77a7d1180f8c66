package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import javax.inject.Singleton;

import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.cpmmss.james.plumbing.Syncable;
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
 * A chat object delivered over LMTP to two owners is stored for both with one force of the store (one H2 chunk, one
 * pair of fdatasync), not one per owner: a probe around the segment log's force counts them on the booted server.
 * Both owners then find their copy over IMAP.
 */
class OneForcePerObjectTest {
    private static final String ALICE = "+33600000001@example.com";
    private static final String BOB = "+33600000002@example.com";
    private static final String PASSWORD = "secret";
    private static final AtomicInteger SEGMENT_FORCES = new AtomicInteger();
    private static CpmMssTestServer server;

    @BeforeAll
    static void boot() throws Exception {
        Path work = Files.createTempDirectory("one-force-per-object");
        server = CpmMssTestServer.withFreshData(work);
        server.withOverride(new AbstractModule() {
            @Provides
            @Singleton
            EmbeddedStorage probedStorage(EmbeddedStorage.Settings settings, OpenStateDatabases open, Clock clock) {
                UnaryOperator<Syncable> probe = target -> () -> {
                    if (target.getClass().getSimpleName().equals("SegmentLog")) {
                        SEGMENT_FORCES.incrementAndGet();
                    }
                    target.sync();
                };
                // no background maintenance: its compactions force too, and the count must be the deliveries' alone
                return open.register(EmbeddedStorage.open(settings.withoutMaintenance(), clock, probe));
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
        byte[] chat = CpmObjectSamples.chat("tel:+33600000001", "tel:+33600000002", "force-conv", "force-contrib",
            imdnId, "hello " + imdnId);
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), List.of(ALICE, BOB), chat);
    }

    @Test
    void anObjectForTwoOwnersIsForcedOnceForBoth() throws Exception {
        // the first object creates both owners' conversation folders (writes of their own)
        assertThat(deliver("first")).allSatisfy(reply -> assertThat(reply).startsWith("250"));
        int objects = 5;
        int before = SEGMENT_FORCES.get();

        for (int i = 0; i < objects; i++) {
            assertThat(deliver("next-" + i)).hasSize(2).allSatisfy(reply -> assertThat(reply).startsWith("250"));
        }

        assertThat(SEGMENT_FORCES.get() - before).as("forces for %d two-owner objects", objects).isEqualTo(objects);
        try (ImapConnection alice = ImapConnection.login(server.imapPort(), ALICE, PASSWORD);
             ImapConnection bob = ImapConnection.login(server.imapPort(), BOB, PASSWORD)) {
            alice.expectOk("SELECT \"Default/tel:+33600000002\"");
            bob.expectOk("SELECT \"Default/tel:+33600000001\"");
            for (int i = 0; i < objects; i++) {
                assertThat(StorageDrillFixtures.searchUids(alice, "UID SEARCH HEADER IMDN-Message-ID next-" + i)).hasSize(1);
                assertThat(StorageDrillFixtures.searchUids(bob, "UID SEARCH HEADER IMDN-Message-ID next-" + i)).hasSize(1);
            }
        }
    }
}
