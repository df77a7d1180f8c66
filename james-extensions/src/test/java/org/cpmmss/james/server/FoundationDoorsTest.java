package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The booted server's doors, driven by real clients over loopback. */
class FoundationDoorsTest {
    private static final String DOMAIN = "example.com";
    private static final String ALICE = "alice@example.com";
    private static final String BOB = "bob@example.com";
    private static final String PASSWORD = "secret";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .domain(DOMAIN).user(ALICE, PASSWORD).user(BOB, PASSWORD).build();

    static byte[] message(String messageId, String body) {
        return ("From: pf@pf.test\r\nTo: " + ALICE + "\r\nSubject: test " + messageId + "\r\nMessage-ID: <" + messageId
            + ">\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void webAdminCreatedUserCanLogInOverImapAndIsListed() throws Exception {
        assertThat(server.webAdmin().send("GET", "/users", null).body()).contains(ALICE);
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            assertThat(imap.command("NOOP")).last().asString().startsWith(imap.lastTag() + " OK");
        }
        try (ImapConnection imap = new ImapConnection(server.imapPort())) {
            assertThat(imap.command("LOGIN " + ALICE + " wrong")).last().asString().contains(" NO ");
        }
    }

    @Test
    void smtpDeliveryBecomesVisibleOverImap() throws Exception {
        try (MailDoorClient smtp = MailDoorClient.smtp(server.smtpPort())) {
            assertThat(smtp.send("pf@pf.test", List.of(BOB), message("smtp-1@pf.test", "spooled hello")))
                .singleElement().asString().startsWith("250");
        }
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), BOB, PASSWORD)) {
            imap.expectOk("SELECT INBOX");
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(String.join("\n", imap.command("UID SEARCH HEADER Message-ID <smtp-1@pf.test>")))
                    .containsPattern("\\* SEARCH \\d+"));
        }
    }

    @Test
    void lmtpDeliveryIsStoredWhenAnswered() throws Exception {
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            List<String> replies = lmtp.send("pf@pf.test", List.of(ALICE, BOB), message("lmtp-1@pf.test", "synchronous hello"));
            assertThat(replies).hasSize(2).allMatch(reply -> reply.startsWith("250"));
        }
        for (String user : List.of(ALICE, BOB)) {
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), user, PASSWORD)) {
                List<String> select = imap.expectOk("SELECT INBOX");
                // committed before the 250: the message is there at once (the search index follows asynchronously)
                assertThat(String.join("\n", imap.expectOk("UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")))
                    .contains("Message-ID: <lmtp-1@pf.test>");
                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(imap.expectOk("UID SEARCH HEADER Message-ID <lmtp-1@pf.test>").get(0)).matches("\\* SEARCH \\d+"));
            }
        }
    }

    @Test
    void severalTransactionsOnOneLmtpConnectionAreEachDelivered() throws Exception {
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            for (int i = 0; i < 3; i++) {
                assertThat(lmtp.send("pf@pf.test", List.of(ALICE), message("lmtp-seq-" + i + "@pf.test", "n" + i)))
                    .singleElement().asString().startsWith("250");
            }
        }
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            imap.expectOk("SELECT INBOX");
            String headers = String.join("\n", imap.expectOk("UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"));
            assertThat(headers).contains("<lmtp-seq-0@pf.test>", "<lmtp-seq-1@pf.test>", "<lmtp-seq-2@pf.test>");
        }
    }

    @Test
    void appendAnswersAppendUidAndFetchReturnsTheStoredBytes() throws Exception {
        byte[] stored = message("append-1@pf.test", "appended body with a distinctive word: zanzibar");
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            imap.expectOk("CREATE Journal");
            List<String> append = imap.commandWithLiteral("APPEND Journal (\\Seen)", stored);
            String completion = append.get(append.size() - 1);
            assertThat(completion).containsPattern("OK \\[APPENDUID \\d+ \\d+\\]");
            String uid = completion.replaceAll(".*APPENDUID \\d+ (\\d+)\\].*", "$1");

            imap.expectOk("SELECT Journal");
            List<String> fetch = imap.expectOk("UID FETCH " + uid + " (BODY.PEEK[])");
            assertThat(fetch.get(0)).endsWith(new String(stored, StandardCharsets.UTF_8) + ")");

            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(imap.expectOk("UID SEARCH TEXT zanzibar").get(0)).isEqualTo("* SEARCH " + uid));
            assertThat(imap.expectOk("UID SEARCH TEXT nosuchwordanywhere").get(0)).isEqualTo("* SEARCH");
        }
    }

    @Test
    void idleClientSeesExistsForANewDelivery() throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), BOB, PASSWORD)) {
            imap.expectOk("SELECT INBOX");
            String tag = imap.nextTag();
            imap.send(tag + " IDLE\r\n");
            assertThat(imap.readResponse()).startsWith("+");
            try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
                lmtp.send("pf@pf.test", List.of(BOB), message("idle-1@pf.test", "wake up"));
            }
            assertThat(imap.awaitLine(Pattern.compile("^\\* \\d+ EXISTS"), Duration.ofSeconds(10))).isNotNull();
            imap.send("DONE\r\n");
            assertThat(imap.readUntilTagged(tag)).last().asString().startsWith(tag + " OK");
        }
    }

    @Test
    void metadataRoundTripOnInbox() throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            imap.expectOk("SETMETADATA INBOX (/private/vendor/cpm/test \"hello metadata\")");
            List<String> get = imap.expectOk("GETMETADATA INBOX /private/vendor/cpm/test");
            assertThat(get.get(0)).isEqualTo("* METADATA \"INBOX\" (/private/vendor/cpm/test \"hello metadata\")");
        }
    }

    @Test
    void unknownRecipientsAreRefusedWith5xx() throws Exception {
        try (MailDoorClient smtp = MailDoorClient.smtp(server.smtpPort())) {
            assertThat(smtp.send("pf@pf.test", List.of("nobody@example.com"), message("u-1@pf.test", "x")))
                .singleElement().asString().startsWith("550");
        }
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            assertThat(lmtp.send("pf@pf.test", List.of("nobody@example.com"), message("u-2@pf.test", "x")))
                .singleElement().asString().startsWith("550");
        }
    }

    @Test
    void aRemovedAccountIsRefusedAtTheNextRcpt() throws Exception {
        String account = "leaving@example.com";
        server.webAdmin().addUser(account, PASSWORD);
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            // checked (and kept as known) twice
            assertThat(lmtp.send("pf@pf.test", List.of(account), message("l-1@pf.test", "x")))
                .singleElement().asString().startsWith("250");
            assertThat(lmtp.send("pf@pf.test", List.of(account), message("l-2@pf.test", "x")))
                .singleElement().asString().startsWith("250");
        }
        assertThat(server.webAdmin().send("DELETE", "/users/" + account, null).statusCode()).isEqualTo(204);
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            assertThat(lmtp.send("pf@pf.test", List.of(account), message("l-3@pf.test", "x")))
                .singleElement().asString().startsWith("550");
        }
    }

    @Test
    void oversizedMessagesAreRefusedWithAClearReply() throws Exception {
        char[] filler = new char[33 * 1024 * 1024]; // above the shipped 32 MiB maxmessagesize
        Arrays.fill(filler, 'x');
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < filler.length; i += 998) {
            body.append(filler, i, Math.min(998, filler.length - i)).append("\r\n");
        }
        byte[] huge = message("huge@pf.test", body.toString());
        try (MailDoorClient smtp = MailDoorClient.smtp(server.smtpPort())) {
            assertThat(smtp.send("pf@pf.test", List.of(ALICE), huge)).singleElement().asString()
                .startsWith("552 5.3.4 Message too large");
        }
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            assertThat(lmtp.send("pf@pf.test", List.of(ALICE), huge)).first().asString().startsWith("552");
        }
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            imap.expectOk("SELECT INBOX");
            assertThat(imap.expectOk("UID SEARCH HEADER Message-ID <huge@pf.test>").get(0)).isEqualTo("* SEARCH");
        }
    }

    @Test
    void malformedImapCommandGetsBadAndTheConnectionStaysUsable() throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            imap.expectOk("SELECT INBOX");
            assertThat(imap.command("FETCH (((")).last().asString().startsWith(imap.lastTag() + " BAD");
            assertThat(imap.command("NOSUCHCOMMAND x y")).last().asString().startsWith(imap.lastTag() + " BAD");
            assertThat(imap.command("SELECT INBOX")).last().asString().startsWith(imap.lastTag() + " OK");
        }
    }
}
