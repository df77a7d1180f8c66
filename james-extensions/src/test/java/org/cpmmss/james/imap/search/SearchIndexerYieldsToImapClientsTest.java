package org.cpmmss.james.imap.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.cpmmss.james.testing.CommittedTextIndex;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The booted server's search indexer yields to IMAP clients: while a client keeps sending requests (a device's sync,
 * here NOOPs every 50 ms), messages appended just before are not indexed ({@code cpm.search.quiet-wait} of 0.3 s
 * never passes); once the requests pause they are, without any search asking. A SEARCH meanwhile still finds them
 * (it indexes its folder first). A device in IDLE does not hold it back (IDLE waits for the client). The index is
 * read from its directory, as it is committed.
 */
class SearchIndexerYieldsToImapClientsTest {
    private static final String USER = "yields@example.com";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.search.quiet-wait", "PT0.3S").cpmProperty("cpm.search.max-lag", "PT10M")
        .domain("example.com").user(USER, "secret")
        .build();

    private static int committedDocuments() throws Exception {
        return CommittedTextIndex.messageDocuments(server.dataDirectory());
    }

    @Test
    void messagesAppendedBeforeASyncAreIndexedOnceItsRequestsPause() throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, "secret");
             ImapConnection device = ImapConnection.login(server.imapPort(), USER, "secret")) {
            imap.expectOk("CREATE Chats");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> committedDocuments() == 0);
            for (int i = 1; i <= 5; i++) {
                imap.commandWithLiteral("APPEND Chats ()", ("From: a@example.net\r\nSubject: burst " + i
                    + "\r\n\r\nokapi number " + i + "\r\n").getBytes(StandardCharsets.UTF_8));
            }

            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < end) {
                device.expectOk("NOOP");
                Thread.sleep(50);
            }
            assertThat(committedDocuments()).as("indexed while a client kept sending requests").isZero();

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> committedDocuments() == 5);
            device.expectOk("SELECT Chats");
            assertThat(device.expectOk("SEARCH BODY okapi")).contains("* SEARCH 1 2 3 4 5");
        }
    }

    @Test
    void aDeviceInIdleDoesNotHoldTheIndexerBack() throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, "secret");
             ImapConnection device = ImapConnection.login(server.imapPort(), USER, "secret")) {
            imap.expectOk("CREATE Idle");
            device.expectOk("SELECT Idle");
            String tag = device.nextTag();
            device.send(tag + " IDLE\r\n");
            assertThat(device.awaitLine(java.util.regex.Pattern.compile("^\\+"), Duration.ofSeconds(10))).isNotNull();
            int before = committedDocuments();
            for (int i = 1; i <= 3; i++) {
                imap.commandWithLiteral("APPEND Idle ()", ("From: a@example.net\r\nSubject: idle " + i
                    + "\r\n\r\nquokka number " + i + "\r\n").getBytes(StandardCharsets.UTF_8));
            }

            // the IDLE is under way all along: it waits for the client, so the indexer does not wait for it
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> committedDocuments() == before + 3);
            device.send("DONE\r\n");
            assertThat(ImapConnection.last(device.readUntilTagged(tag))).startsWith(tag + " OK");
        }
    }

    @Test
    void requestsEndedByLogoutOrByADroppedConnectionDoNotKeepTheServerBusy() throws Exception {
        int initially = committedDocuments();
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, "secret")) {
            imap.expectOk("CREATE Ended");
            imap.commandWithLiteral("APPEND Ended ()", "Subject: first\r\n\r\nwombat zero\r\n".getBytes(StandardCharsets.UTF_8));
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> committedDocuments() == initially + 1);
        for (int i = 0; i < 3; i++) {
            ImapConnection device = ImapConnection.login(server.imapPort(), USER, "secret");
            device.expectOk("SELECT Ended");
            device.expectOk("UID FETCH 1:* (FLAGS)");
            if (i == 0) {
                device.command("LOGOUT");
            } else {
                device.send(device.nextTag() + " UID FETCH 1:* (BODY.PEEK[])\r\n"); // dropped with a request under way
            }
            device.close();
        }
        int before = committedDocuments();
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, "secret")) {
            for (int i = 1; i <= 2; i++) {
                imap.commandWithLiteral("APPEND Ended ()", ("From: a@example.net\r\nSubject: ended " + i
                    + "\r\n\r\nwombat number " + i + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        // every request has ended (none is left counting as under way, which would hold the index back for 10 s):
        // the quiet wait (0.3 s) passes and the indexer runs, long before max-lag (10 min)
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> committedDocuments() == before + 2);
    }
}
