package org.cpmmss.james.mailbox.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;
import org.cpmmss.james.server.modules.NativeMailboxModule;
import org.cpmmss.james.state.H2CpmStateStore;
import org.cpmmss.james.store.api.MailStorage;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.james.store.embedded.StoreFiles;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.CpmObjectSamples;
import org.cpmmss.james.testing.FullDiskFileSystem;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.cpmmss.recording.port.CpmStateStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

/**
 * Issue 27: on the native store an object's idempotency key is written by the store in the transaction of the message
 * it records — one commit, one force — and no longer PENDING then DONE in the cpm state database around the append.
 * Observed through the real doors: an append that fails (the store's disk is full) leaves no key at all (with the
 * PENDING write first it left a forced PENDING key without a message), the state database receives no key, a resend
 * is a duplicate; keys that an earlier release wrote into the state database (DONE or PENDING) are still honoured.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OneCommitIngestionTest {
    private static final String ALICE = "+33600000001@example.com";
    private static final String BOB = "bob@example.com";
    private static final String PASSWORD = "secret";
    private static final String FOLDER = "Default/tel:+33600000002";
    /** Bob is not a party of the conversation's phone numbers: his folder is named after the sender. */
    private static final String BOB_FOLDER = "Default/tel:+33600000001";
    private static Path work;
    private static CpmMssTestServer server;

    /** The bound state and store. */
    public static class Probe implements GuiceProbe {
        final CpmStateStore state;
        final MailStorage storage;

        @Inject
        public Probe(CpmStateStore state, MailStorage storage) {
            this.state = state;
            this.storage = storage;
        }
    }

    @BeforeAll
    static void boot() throws Exception {
        FullDiskFileSystem.install();
        work = Files.createTempDirectory("one-commit");
        server = CpmMssTestServer.withFreshData(work);
        Path store = server.dataDirectory().resolve(NativeMailboxModule.STORE_DIRECTORY);
        server.withOverride(new AbstractModule() {
            @Override
            protected void configure() {
                // the message store (segments and metadata) on a disk the test can fill; the state database is not
                bind(EmbeddedStorage.Settings.class).toInstance(EmbeddedStorage.Settings.defaults(store)
                    .withFiles(new StoreFiles(FullDiskFileSystem.SCHEME + ":")));
                Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(Probe.class);
            }
        }).start();
        server.webAdmin().addDomain("example.com");
        server.webAdmin().addUser(ALICE, PASSWORD);
        server.webAdmin().addUser(BOB, PASSWORD);
    }

    @AfterAll
    static void shutdown() throws Exception {
        FullDiskFileSystem.free();
        server.close();
    }

    private static Probe probe() {
        return server.guice().getProbe(Probe.class);
    }

    @Test
    @Order(1)
    void theKeyIsCommittedWithItsMessageAndNeverWithoutIt() throws Exception {
        List<String> first = deliver("one-1", ALICE, BOB);
        assertThat(first.get(0)).startsWith("250").contains("stored in " + FOLDER);
        assertThat(first.get(1)).startsWith("250").contains("stored in " + BOB_FOLDER);
        for (int i = 0; i < 2; i++) {
            String owner = List.of(ALICE, BOB).get(i);
            String folder = folderOf(owner);
            long expectedUid = uid(first.get(i));
            Optional<CpmStateStore.Recorded> recorded = probe().state.recorded(owner, "imdn:one-1");
            assertThat(recorded).as(owner).hasValueSatisfying(r -> {
                assertThat(r.state()).isEqualTo(CpmStateStore.State.DONE);
                assertThat(r.folder()).isEqualTo(folder);
                assertThat(r.uid()).isEqualTo(expectedUid);
            });
            assertThat(probe().storage.recordedKeys().find(owner, "imdn:one-1")).as("in the store's metadata").isPresent();
        }

        // the append fails inside the store: no key is left behind (PENDING-then-append left one, forced)
        FullDiskFileSystem.fill();
        try {
            assertThat(deliver("one-2", ALICE, BOB)).allSatisfy(reply -> assertThat(reply).startsWith("4"));
        } finally {
            FullDiskFileSystem.free();
        }
        assertThat(probe().state.recorded(ALICE, "imdn:one-2")).as("no key without its message").isEmpty();
        assertThat(probe().state.recorded(BOB, "imdn:one-2")).isEmpty();

        // the PF's resend stores it, the next resend is a duplicate
        assertThat(deliver("one-2", ALICE, BOB)).allSatisfy(reply -> assertThat(reply).startsWith("250")
            .contains("stored in"));
        assertThat(deliver("one-2", ALICE, BOB)).allSatisfy(reply -> assertThat(reply).startsWith("250")
            .contains("already stored"));
        assertThat(deliver("one-1", ALICE)).allSatisfy(reply -> assertThat(reply).contains("already stored"));
        for (String owner : List.of(ALICE, BOB)) {
            for (String id : List.of("one-1", "one-2")) {
                assertThat(uidsOf(owner, id)).as(owner + " " + id + " stored once").hasSize(1);
            }
        }
    }

    @Test
    @Order(2)
    void keysAnEarlierReleaseWroteIntoTheStateDatabaseAreHonoured() throws Exception {
        String stored = deliver("legacy-1", ALICE).get(0);
        assertThat(stored).contains("stored in " + FOLDER);
        CpmStateStore.Recorded recorded = probe().state.recorded(ALICE, "imdn:legacy-1").orElseThrow();
        server.stop();

        Path data = server.dataDirectory();
        try (H2CpmStateStore state = new H2CpmStateStore(data.toFile(), Clock.systemUTC())) {
            assertThat(state.holdsRecordedKeys()).as("the deliveries wrote no key into the state database").isFalse();
            // the state database of an earlier release: a DONE key, and a PENDING one whose append never happened
            state.markDone(ALICE, "imdn:legacy-1", FOLDER, recorded.uidValidity(), recorded.uid());
            state.markPending(ALICE, "imdn:legacy-2", FOLDER, recorded.uidValidity(), recorded.uid());
        }
        try (EmbeddedStorage storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(
                data.resolve(NativeMailboxModule.STORE_DIRECTORY)).withoutMaintenance()
                .withFiles(new StoreFiles(FullDiskFileSystem.SCHEME + ":")), Clock.systemUTC())) {
            assertThat(storage.recordedKeys().forgetBefore(Long.MAX_VALUE, 1000)).as("the store's keys dropped")
                .isPositive();
        }
        server.start();

        assertThat(deliver("legacy-1", ALICE).get(0)).as("found by the state database's DONE key")
            .contains("already stored");
        String second = deliver("legacy-2", ALICE).get(0);
        assertThat(second).as("a PENDING key with nothing above its bound: stored").contains("stored in " + FOLDER);
        assertThat(probe().state.recorded(ALICE, "imdn:legacy-2")).map(CpmStateStore.Recorded::uid)
            .hasValue(uid(second));
        assertThat(deliver("legacy-2", ALICE).get(0)).contains("already stored");
        assertThat(uidsOf(ALICE, "legacy-1")).hasSize(1);
        assertThat(uidsOf(ALICE, "legacy-2")).hasSize(1);
    }

    private static List<String> deliver(String imdnId, String... owners) throws Exception {
        byte[] chat = CpmObjectSamples.chat("tel:+33600000001", "tel:+33600000002", "one-conv", "one-contrib", imdnId,
            "hello " + imdnId);
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), List.of(owners), chat);
    }

    private static long uid(String reply) {
        Matcher uid = Pattern.compile(" uid (\\d+)").matcher(reply);
        assertThat(uid.find()).as(reply).isTrue();
        return Long.parseLong(uid.group(1));
    }

    private static String folderOf(String owner) {
        return owner.equals(BOB) ? BOB_FOLDER : FOLDER;
    }

    private static List<String> uidsOf(String owner, String imdnId) throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), owner, PASSWORD)) {
            imap.expectOk("SELECT \"" + folderOf(owner) + "\"");
            String line = imap.command("UID SEARCH HEADER IMDN-Message-ID " + imdnId).stream()
                .filter(l -> l.startsWith("* SEARCH")).findFirst().orElse("* SEARCH").trim();
            List<String> words = Arrays.asList(line.split(" "));
            return words.subList(2, words.size());
        }
    }
}
