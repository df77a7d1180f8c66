package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sip.header.RetryAfterHeader;
import javax.sip.message.Response;

import org.awaitility.Awaitility;
import org.cpmmss.james.sip.SipTestClient;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.james.store.embedded.StoreFiles;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.CpmObjectSamples;
import org.cpmmss.james.testing.FullDiskFileSystem;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The short version of bench/drills/full-disk.sh, without root: James's database and the native message store (its
 * segment files and metadata database) sit on the tests' {@code fulldisk:} file system (writes and forces fail with
 * "No space left on device" while the disk is "full"). H2 closes a database on a failed write; the doors must refuse with a temporary error, and once space returns the server must store again
 * WITHOUT a restart, every acknowledged object exactly once. (The real full disk, tmpfs and ActiveMQ included, is the
 * drill's; see docs/benchmarks.md.)
 */
class FullDiskRecoveryTest {
    private static final String ALICE = "+33600000001@example.com";
    private static final String BOB = "bob@example.com";
    private static final String PEER = "+33600000002@example.com";
    private static final String PASSWORD = "secret";
    private static final String CONVERSATION_FOLDER = "\"Default/tel:+33600000002\"";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .prepare(configured -> {
            FullDiskFileSystem.install();
            configured.replace("james-database.properties", "jdbc:h2:reopenable:", "jdbc:h2:" + FullDiskFileSystem.SCHEME + ":reopenable:");
            // the native message store (segments and metadata database) on the same full disk
            Path store = configured.dataDirectory().resolve("mailstore");
            configured.withOverride(binder -> binder.bind(EmbeddedStorage.Settings.class)
                .toInstance(EmbeddedStorage.Settings.defaults(store).withFiles(new StoreFiles(FullDiskFileSystem.SCHEME + ":"))));
        })
        .domain("example.com").user(ALICE, PASSWORD).user(PEER, PASSWORD)
        .build();

    @AfterAll
    static void shutdown() throws Exception {
        FullDiskFileSystem.free();
    }

    @Test
    void refusesWhileTheDiskIsFullAndStoresEveryObjectOnceWhenSpaceReturnsWithoutRestart() throws Exception {
        assertThat(deliver("before")).startsWith("250");

        FullDiskFileSystem.fill();
        List<String> whileFull = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            whileFull.add(deliver("during-" + i));
        }
        assertThat(whileFull).allSatisfy(reply -> assertThat(reply).startsWith("4"));

        FullDiskFileSystem.free();
        assertThat(deliver("after")).as("first delivery once space is back").startsWith("250");
        for (int i = 1; i <= 3; i++) {
            assertThat(deliver("during-" + i)).as("the PF's resend").startsWith("250");
        }
        assertThat(server.webAdmin().send("GET", "/healthcheck/checks/H2%20database", null).statusCode()).isEqualTo(200);

        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            imap.expectOk("SELECT " + CONVERSATION_FOLDER);
            for (String id : List.of("before", "during-1", "during-2", "during-3", "after")) {
                Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(uidsOf(imap, id)).as(id + " stored exactly once").hasSize(1));
            }
        }
    }

    @Test
    void plainMailIsRefusedWithATemporaryErrorWhileTheDiskIsFullNotAcknowledgedAndLost() throws Exception {
        String whileFull = deliverPlainWhile(FullDiskFileSystem::fill, "plain-during");
        assertThat(whileFull).as("INBOX delivery failed: the PF must be told to retry").startsWith("451");

        assertThat(deliverPlain("plain-during")).as("the PF's resend").startsWith("250");
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            imap.expectOk("SELECT INBOX");
            assertStoredOnce(imap, "plain-during");
        }
    }

    /**
     * A plain mail whose append failed is answered at once, not appended again inside the server: an append that
     * failed after its message was stored would otherwise store it a second time (LocalDelivery's own retries). With
     * forces failing every attempt writes the mail's header section to the segment log before its force fails (the
     * body's bytes are shared with the earlier plain mails): the log grows by one header record, not four.
     */
    @Test
    void aRefusedPlainMailIsAppendedOnceNotRetriedInsideTheServer() throws Exception {
        long before = segmentBytes();
        assertThat(deliverPlain("plain-before-once")).as("the store is open and forces").startsWith("250");
        long oneRecord = segmentBytes() - before; // "plain-before-once": 14 bytes more than "plain-once", twice

        long beforeRefused = segmentBytes();
        String refused = deliverPlainWhile(FullDiskFileSystem::failForces, "plain-once");

        assertThat(refused).startsWith("451");
        assertThat(segmentBytes() - beforeRefused).as("segment bytes the refused mail's appends wrote")
            .isPositive().isLessThan(oneRecord + oneRecord / 2);
    }

    private static long segmentBytes() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(server.dataDirectory().resolve("mailstore").resolve("segments"))) {
            return files.filter(f -> f.toString().endsWith(".seg")).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /**
     * The writes reach the file but the force fails: the mail is refused, and what its append committed in memory must
     * not reach the disk with a later force (the PF's resend would then be stored a second time).
     */
    @Test
    void plainMailWhoseForceFailedIsNotStoredLaterBesideItsResend() throws Exception {
        String whileFailing = deliverPlainWhile(FullDiskFileSystem::failForces, "plain-unforced");
        assertThat(whileFailing).as("the force failed: the PF must be told to retry").startsWith("451");

        assertThat(deliverPlain("plain-unforced")).as("the PF's resend").startsWith("250");
        assertThat(deliverPlain("plain-after-unforced")).as("a later mail, forced with whatever is left in memory").startsWith("250");
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            imap.expectOk("SELECT INBOX");
            assertStoredOnce(imap, "plain-unforced");
            assertThat(uidsOfSubject(imap, "plain-after-unforced")).hasSize(1);
        }
    }

    /**
     * An object for two owners is written for both and forced once (a shared force): when that force fails, neither
     * owner is told it is stored and neither copy is kept; the PF's resend stores each copy once.
     */
    @Test
    void anObjectForTwoOwnersWhoseSharedForceFailedIsRefusedForBothAndStoredOnceEachWhenResent() throws Exception {
        byte[] chat = CpmObjectSamples.chat("tel:+33600000001", "tel:+33600000002", "disk-conv", "disk-contrib",
            "two-owners", "hello both");
        FullDiskFileSystem.failForces();
        List<String> refused;
        try {
            refused = MailDoorClient.lmtpFromPf(server.lmtpPort(), List.of(ALICE, PEER), chat);
        } finally {
            FullDiskFileSystem.free();
        }
        assertThat(refused).hasSize(2).allSatisfy(reply -> assertThat(reply).startsWith("4"));

        assertThat(MailDoorClient.lmtpFromPf(server.lmtpPort(), List.of(ALICE, PEER), chat))
            .as("the PF's resend").hasSize(2).allSatisfy(reply -> assertThat(reply).startsWith("250"));
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            imap.expectOk("SELECT " + CONVERSATION_FOLDER);
            assertThat(uidsOf(imap, "two-owners")).as("the originator's copy, once").hasSize(1);
        }
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), PEER, PASSWORD)) {
            imap.expectOk("SELECT \"Default/tel:+33600000001\"");
            assertThat(uidsOf(imap, "two-owners")).as("the recipient's copy, once").hasSize(1);
        }
    }

    @Test
    void sipMessageIsAnswered503WithRetryAfterWhileTheDiskIsFullAnd200WhenResent() throws Exception {
        server.webAdmin().addUser(BOB, PASSWORD);
        try (SipTestClient pf = new SipTestClient()) {
            FullDiskFileSystem.fill();
            Response whileFull;
            try {
                whileFull = pf.send(StorageDrillFixtures.sipMessageFrom(pf, server.sipPort(), BOB, "sip-disk-conv", "sip-during"));
            } finally {
                FullDiskFileSystem.free();
            }
            assertThat(whileFull.getStatusCode()).as("a temporary failure, not a server defect: " + whileFull.getReasonPhrase()).isEqualTo(503);
            assertThat(whileFull.getHeader(RetryAfterHeader.NAME)).as("Retry-After").isNotNull();

            assertThat(pf.send(StorageDrillFixtures.sipMessageFrom(pf, server.sipPort(), BOB, "sip-disk-conv", "sip-during")).getStatusCode()).as("the PF's resend").isEqualTo(200);
        }
    }

    /** {@link #deliverPlain} while {@code fault} is in force (space comes back afterwards); the LMTP answer. */
    private static String deliverPlainWhile(Runnable fault, String subject) throws Exception {
        fault.run();
        try {
            return deliverPlain(subject);
        } finally {
            FullDiskFileSystem.free();
        }
    }

    /** A plain (non-CPM) mail to the owner, delivered to INBOX; the LMTP answer. */
    private static String deliverPlain(String subject) throws Exception {
        byte[] mail = ("From: pf@pf.test\r\nTo: " + ALICE + "\r\nSubject: " + subject + "\r\n"
            + "Message-ID: <" + subject + "@pf.test>\r\n\r\nordinary mail\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), List.of(ALICE), mail).get(0);
    }

    /** The plain mail with {@code subject} is in the selected folder once; otherwise what each copy is, in the failure. */
    private static void assertStoredOnce(ImapConnection imap, String subject) throws Exception {
        List<String> uids = uidsOfSubject(imap, subject);
        if (uids.size() == 1) {
            return;
        }
        StringBuilder copies = new StringBuilder();
        for (String uid : uids) {
            copies.append(imap.command("UID FETCH " + uid + " (INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER])")).append('\n');
        }
        copies.append(imap.command("UID SEARCH ALL"));
        assertThat(uids).as("the resent plain mail " + subject + ", once; the copies found:\n" + copies).hasSize(1);
    }

    private static List<String> uidsOfSubject(ImapConnection imap, String subject) throws Exception {
        return StorageDrillFixtures.searchUids(imap, "UID SEARCH SUBJECT " + subject);
    }

    /** A chat message from the owner, recorded in the owner's conversation folder; the LMTP answer. */
    private static String deliver(String imdnId) throws Exception {
        byte[] chat = CpmObjectSamples.chat("tel:+33600000001", "tel:+33600000002", "disk-conv", "disk-contrib", imdnId,
            "hello " + imdnId);
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), List.of(ALICE), chat).get(0);
    }

    private static List<String> uidsOf(ImapConnection imap, String imdnId) throws Exception {
        return StorageDrillFixtures.searchUids(imap, "UID SEARCH HEADER IMDN-Message-ID " + imdnId);
    }
}
