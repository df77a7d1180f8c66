package org.cpmmss.james.store.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The booted server with its shipped configuration ({@code storage.embedded.mailbox=native}): IMAP APPEND, SELECT, FETCH, STORE, EXPUNGE, COPY,
 * MOVE and METADATA, and LMTP delivery to two owners, all on the native store (files in DATA/mailstore/).
 */
class NativeMailboxServerTest {
    private static final String DOMAIN = "example.com";
    private static final String PASSWORD = "secret";
    private static final AtomicInteger USERS = new AtomicInteger();

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        // the shipped conf/storage.properties selects the native store (the default since issue 22)
        .prepare(configured -> assertThat(StorageSelection.read(configured.confDirectory().toFile()).nativeMailbox()).isTrue())
        .domain(DOMAIN)
        .build();

    private static String newUser() throws Exception {
        String user = "native" + USERS.incrementAndGet() + "@" + DOMAIN;
        server.webAdmin().addUser(user, PASSWORD);
        return user;
    }

    private static byte[] object(String id) {
        return ("From: tel:+33612345678\r\nTo: tel:+33687654321\r\nSubject: object " + id + "\r\nMessage-ID: <" + id
            + "@pf.test>\r\nContent-Type: text/plain\r\n\r\nhello " + id + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String joined(List<String> lines) {
        return String.join("\n", lines);
    }

    @Test
    void imapClientWorksOnTheNativeStore() throws Exception {
        String user = newUser();
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), user, PASSWORD)) {
            imap.command("CREATE INBOX");
            imap.expectOk("CREATE Saved");
            List<String> first = imap.commandWithLiteral("APPEND INBOX", object("a1"));
            assertThat(first.get(first.size() - 1)).contains("OK").contains("APPENDUID");
            List<String> second = imap.commandWithLiteral("APPEND INBOX (\\Flagged $delivered)", object("a2"));
            assertThat(second.get(second.size() - 1)).contains("OK");

            String select = joined(imap.expectOk("SELECT INBOX (CONDSTORE)"));
            assertThat(select).contains("* 2 EXISTS").contains("UIDNEXT 3").contains("$delivered");

            String body = joined(imap.expectOk("UID FETCH 1 (BODY.PEEK[] RFC822.SIZE)"));
            assertThat(body).contains("RFC822.SIZE " + object("a1").length).contains("hello a1")
                .contains("Message-ID: <a1@pf.test>");
            assertThat(joined(imap.expectOk("UID FETCH 2 (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")))
                .contains("\\Flagged").contains("$delivered").contains("Subject: object a2");

            assertThat(joined(imap.expectOk("UID STORE 1 +FLAGS (\\Seen)"))).contains("\\Seen");
            assertThat(joined(imap.expectOk("UID COPY 1 Saved"))).contains("COPYUID");
            assertThat(joined(imap.expectOk("UID MOVE 2 Saved"))).contains("EXPUNGE");
            imap.expectOk("UID STORE 1 +FLAGS (\\Deleted)");
            assertThat(joined(imap.expectOk("EXPUNGE"))).contains("* 1 EXPUNGE");

            assertThat(joined(imap.expectOk("STATUS INBOX (MESSAGES UIDNEXT)"))).contains("MESSAGES 0")
                .contains("UIDNEXT 3");
            String archive = joined(imap.expectOk("STATUS Saved (MESSAGES UNSEEN)"));
            assertThat(archive).contains("MESSAGES 2").contains("UNSEEN 1");

            imap.expectOk("SELECT Saved");
            assertThat(joined(imap.expectOk("UID FETCH 1:* (BODY.PEEK[TEXT])"))).contains("hello a1")
                .contains("hello a2");

            imap.expectOk("SETMETADATA INBOX (/private/vendor/cpm/recording \"off\")");
            assertThat(joined(imap.expectOk("GETMETADATA INBOX /private/vendor/cpm/recording"))).contains("off");
        }
        Path store = server.dataDirectory().resolve("mailstore");
        assertThat(store.resolve("meta.mv.db")).exists();
        assertThat(Files.list(store.resolve("segments")).count()).isPositive();
    }

    @Test
    void lmtpDeliveryToTwoOwnersIsReadableByBoth() throws Exception {
        String alice = newUser();
        String bob = newUser();
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            assertThat(lmtp.send("pf@pf.test", List.of(alice, bob), object("l1")))
                .allSatisfy(reply -> assertThat(reply).startsWith("250"));
        }
        for (String owner : List.of(alice, bob)) {
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), owner, PASSWORD)) {
                String status = joined(imap.expectOk("STATUS INBOX (MESSAGES)"));
                assertThat(status).contains("MESSAGES 1");
                imap.expectOk("SELECT INBOX");
                assertThat(joined(imap.expectOk("FETCH 1 (BODY.PEEK[TEXT])"))).contains("hello l1");
            }
        }
    }
}
