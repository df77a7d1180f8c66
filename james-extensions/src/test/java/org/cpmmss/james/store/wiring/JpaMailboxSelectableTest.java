package org.cpmmss.james.store.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code storage.embedded.mailbox=jpa} still runs the server on James's JPA mailbox as James ships it (the source of
 * the migration to the native store, its cpm-mss mapper decorators retired): LMTP delivery, APPEND, SELECT, FETCH,
 * STORE, EXPUNGE, and a restart keeps what was stored, all in {@code DATA/h2/james.mv.db} with no native store.
 */
class JpaMailboxSelectableTest {
    private static final String USER = "jpa@example.com";
    private static final String PASSWORD = "pw";

    @TempDir
    Path work;

    @Test
    void theJpaMailboxServesAndKeepsMessagesAcrossARestart() throws Exception {
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work)) {
            server.replace(StorageSelection.FILE, "storage.embedded.mailbox=native", "storage.embedded.mailbox=jpa");
            server.startForked();
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser(USER, PASSWORD);
            try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
                assertThat(lmtp.send("pf@pf.test", List.of(USER), object("j1")).get(0)).startsWith("250");
            }
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
                List<String> appended = imap.commandWithLiteral("APPEND INBOX (\\Flagged)", object("j2"));
                assertThat(appended.get(appended.size() - 1)).contains("OK").contains("APPENDUID");
                String select = String.join("\n", imap.expectOk("SELECT INBOX (CONDSTORE)"));
                assertThat(select).contains("* 2 EXISTS").contains("UIDNEXT 3");
                assertThat(String.join("\n", imap.expectOk("UID FETCH 1:2 (FLAGS BODY.PEEK[TEXT])")))
                    .contains("hello j1").contains("hello j2").contains("\\Flagged");
                assertThat(String.join("\n", imap.expectOk("UID STORE 1 +FLAGS (\\Deleted)"))).contains("\\Deleted");
                imap.expectOk("EXPUNGE");
            }
            assertThat(server.dataDirectory().resolve("h2").resolve("james.mv.db")).exists();
            assertThat(server.dataDirectory().resolve("mailstore")).doesNotExist();

            assertThat(server.terminateForked()).as("exit after SIGTERM").isNotNull();
            server.startForked();
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
                String status = String.join("\n", imap.expectOk("STATUS INBOX (MESSAGES UIDNEXT)"));
                assertThat(status).contains("MESSAGES 1").contains("UIDNEXT 3");
                imap.expectOk("SELECT INBOX");
                assertThat(String.join("\n", imap.expectOk("UID FETCH 2 (BODY.PEEK[TEXT])"))).contains("hello j2");
            }
        }
    }

    private static byte[] object(String id) {
        return ("From: tel:+33612345678\r\nTo: tel:+33687654321\r\nSubject: object " + id + "\r\nMessage-ID: <" + id
            + "@pf.test>\r\nContent-Type: text/plain\r\n\r\nhello " + id + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
