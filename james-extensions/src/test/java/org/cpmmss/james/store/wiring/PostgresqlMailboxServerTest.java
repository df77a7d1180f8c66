package org.cpmmss.james.store.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.cpmmss.james.testing.PostgresTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The booted server with {@code storage.backend=postgresql} (a database of the JVM's private PostgreSQL): IMAP
 * APPEND, SELECT, FETCH, STORE and METADATA and an LMTP delivery to two owners land in PostgreSQL (the object's body
 * stored once), nothing of the mailbox in the data directory; after a restart of the server process (SIGTERM, start)
 * everything is still there and UIDs go on; {@code admin backup} is refused with a pointer to pg_dump.
 */
class PostgresqlMailboxServerTest {
    private static final String DOMAIN = "example.com";
    private static final String PASSWORD = "secret";
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String BOB = "bob@" + DOMAIN;
    private String url;
    private CpmMssTestServer server;

    @TempDir
    Path work;

    @BeforeEach
    void startServer() throws Exception {
        url = PostgresTestServer.shared().newDatabase("server_test");
        server = CpmMssTestServer.withFreshData(work);
        Files.writeString(server.confDirectory().resolve(StorageSelection.FILE), String.join("\n",
            "storage.backend=postgresql",
            "storage.postgresql.url=" + url,
            "storage.postgresql.user=" + PostgresTestServer.APP_USER,
            "storage.postgresql.password=" + PostgresTestServer.APP_PASSWORD,
            "storage.postgresql.pool-size=6", ""));
        server.startForked();
        server.webAdmin().addDomain(DOMAIN);
        server.webAdmin().addUser(ALICE, PASSWORD);
        server.webAdmin().addUser(BOB, PASSWORD);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private static byte[] object(String id) {
        return ("From: tel:+33612345678\r\nTo: tel:+33687654321\r\nSubject: object " + id + "\r\nMessage-ID: <" + id
            + "@pf.test>\r\nContent-Type: text/plain\r\n\r\nhello " + id + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String joined(List<String> lines) {
        return String.join("\n", lines);
    }

    @Test
    void imapAndLmtpWriteToPostgresqlAndARestartKeepsEverything() throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            imap.expectOk("CREATE Saved");
            List<String> first = imap.commandWithLiteral("APPEND Saved", object("a1"));
            assertThat(first.get(first.size() - 1)).contains("OK").contains("APPENDUID");
            List<String> second = imap.commandWithLiteral("APPEND Saved (\\Flagged $delivered)", object("a2"));
            assertThat(second.get(second.size() - 1)).contains("OK");
            String select = joined(imap.expectOk("SELECT Saved (CONDSTORE)"));
            assertThat(select).contains("* 2 EXISTS").contains("UIDNEXT 3").contains("$delivered");
            assertThat(joined(imap.expectOk("UID FETCH 1 (BODY.PEEK[] RFC822.SIZE)")))
                .contains("RFC822.SIZE " + object("a1").length).contains("hello a1");
            assertThat(joined(imap.expectOk("UID FETCH 2 (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")))
                .contains("\\Flagged").contains("$delivered").contains("Subject: object a2");
            assertThat(joined(imap.expectOk("UID STORE 1 +FLAGS (\\Seen)"))).contains("\\Seen");
            imap.expectOk("SETMETADATA Saved (/private/vendor/cpm/recording \"off\")");
        }
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            assertThat(lmtp.send("pf@pf.test", List.of(ALICE, BOB), object("l1")))
                .allSatisfy(reply -> assertThat(reply).startsWith("250"));
        }
        assertThat(sql("SELECT count(*) FROM mail_message")).isEqualTo(4);
        // the LMTP object's body is one content counted by both owners' messages
        assertThat(sql("SELECT count(*) FROM mail_content c JOIN mail_content_bytes b ON b.content_id = c.id"
            + " WHERE c.refs = 2 AND convert_from(b.bytes, 'UTF8') = 'hello l1' || chr(13) || chr(10)")).isEqualTo(1);
        assertThat(server.dataDirectory().resolve("mailstore")).doesNotExist();

        HttpResponse<String> backup = server.webAdmin().send("POST", "/cpm/admin/backup",
            "{\"directory\": \"" + work.resolve("backup") + "\"}");
        assertThat(backup.statusCode()).isEqualTo(501);
        assertThat(backup.body()).contains("pg_dump");

        assertThat(server.terminateForked()).isNotNull();
        server.startForked();

        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            String select = joined(imap.expectOk("SELECT Saved (CONDSTORE)"));
            assertThat(select).contains("* 2 EXISTS").contains("UIDNEXT 3");
            assertThat(joined(imap.expectOk("UID FETCH 1:* (FLAGS BODY.PEEK[TEXT])"))).contains("\\Seen")
                .contains("hello a1").contains("\\Flagged").contains("hello a2");
            assertThat(joined(imap.expectOk("GETMETADATA Saved /private/vendor/cpm/recording"))).contains("off");
            List<String> third = imap.commandWithLiteral("APPEND Saved", object("a3"));
            assertThat(third.get(third.size() - 1)).contains("OK").contains("APPENDUID").contains(" 3]");
        }
        for (String owner : List.of(ALICE, BOB)) {
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), owner, PASSWORD)) {
                assertThat(joined(imap.expectOk("STATUS INBOX (MESSAGES)"))).contains("MESSAGES 1");
                imap.expectOk("SELECT INBOX");
                assertThat(joined(imap.expectOk("FETCH 1 (BODY.PEEK[TEXT])"))).contains("hello l1");
            }
        }
    }

    private long sql(String query) throws Exception {
        try (Connection c = DriverManager.getConnection(url, PostgresTestServer.APP_USER, PostgresTestServer.APP_PASSWORD);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
