package org.cpmmss.james.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.cpmmss.james.plumbing.postgresql.PostgresqlSettings;
import org.cpmmss.james.server.modules.PostgresqlSearchModule;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.CpmObjectSamples;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.cpmmss.james.testing.PostgresTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server with its search on the shared PostgreSQL index ({@link PostgresqlSearchModule}'s bindings over the
 * embedded ones): chat messages stored over LMTP and mails APPENDed over IMAP are found by IMAP SEARCH (TEXT, BODY,
 * SUBJECT, FROM, TO, HEADER, SENTON, LARGER, SMALLER, OR/NOT), ordered by SORT, and found by the HTTP history search;
 * the rows are in PostgreSQL. When the index lost a folder's rows and mark (as when another node stored messages that
 * no node indexed yet), the next search catches the folder up from the shared mark and answers the same.
 */
class SharedSearchIndexTest {
    static final String OP = "op-token-0123456789abcdef";
    static final String SENDER = "+33612345678@example.com";
    static final String OWNER = "+33640332859@example.com";
    static final String CHATS = "Default/tel:+33612345678";
    static final String URL = PostgresTestServer.shared().newDatabase("shared_search");

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.http.tokens", OP + ":operator")
        .defaultDomain("example.com")
        .domain("example.com").user(SENDER, "secret").user(OWNER, "secret")
        .override(PostgresqlSearchModule.sharedIndex(new PostgresqlSettings(URL, PostgresTestServer.APP_USER,
            PostgresTestServer.APP_PASSWORD, 4)))
        .build();
    static CpmHttpClient operator;
    static ImapConnection imap;

    @BeforeAll
    static void store() throws Exception {
        operator = CpmHttpClient.bearer(server.httpPort(), OP);
        deliver("m-fr", "Rendez-vous au café zebrafish, naïve idée");
        deliver("m-ru", "Привет, встречаемся у Эрмитажа");
        deliver("m-ja", "東京タワーで会いましょう");
        imap = ImapConnection.login(server.imapPort(), OWNER, "secret");
        imap.expectOk("CREATE Mails");
        imap.appendDated("Mails", "10-Jan-2024 12:00:00 +0000", "From: Wanda Wren <wanda.w@birds.example>\n"
            + "To: kite@hawks.example\nSubject: Morning tide report\nDate: Sun, 31 Dec 2023 23:30:00 -0500\n"
            + "X-Note: harbour lights dim\n\nThe lighthouse keeper waved.\n");
        imap.appendDated("Mails", "11-Jan-2024 12:00:00 +0000", "From: robin@birds.example\n"
            + "To: Kite Keeper <kite@hawks.example>\nSubject: another tide\nDate: Mon, 1 Jan 2024 00:15:00 +1400\n\n"
            + "nothing to see here, nothing at all, nothing whatsoever\n");
        imap.appendDated("Mails", "12-Jan-2024 12:00:00 +0000", "From: a@example.net\nSubject: menu\nMIME-Version: 1.0\n"
            + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
            + "Caf=C3=A9 cr=C3=A8me near the light=\nhouse\n");
        imap.expectOk("SELECT Mails");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
            assertThat(imap.expectOk("SEARCH BODY lighthouse").get(0)).isEqualTo("* SEARCH 1 3"));
    }

    private static void deliver(String imdnId, String text) throws Exception {
        byte[] chat = CpmObjectSamples.chat("tel:+33612345678", "tel:+33640332859", "conv-pg", "contrib-" + imdnId, imdnId, text);
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            assertThat(lmtp.send(SENDER, List.of(OWNER), chat)).allMatch(reply -> reply.startsWith("250"));
        }
    }

    @AfterAll
    static void shutdown() throws Exception {
        imap.close();
    }

    private static String search(String criteria) throws Exception {
        imap.expectOk("SELECT Mails");
        return imap.expectOk(criteria).get(0);
    }

    private static List<String> httpHits(String q) throws Exception {
        JsonNode hits = operator.get("/cpm/v1/users/" + OWNER + "/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
            .json().get("hits");
        List<String> ids = new ArrayList<>();
        hits.forEach(hit -> ids.add(hit.get("headers").get("imdnMessageId").asText()));
        return ids;
    }

    private static long rows(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(URL, PostgresTestServer.APP_USER, PostgresTestServer.APP_PASSWORD);
             Statement statement = connection.createStatement()) {
            if (!sql.startsWith("SELECT")) {
                return statement.executeUpdate(sql);
            }
            try (ResultSet result = statement.executeQuery(sql)) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private void assertImapAnswers() throws Exception {
        assertThat(search("SEARCH TEXT harbour")).isEqualTo("* SEARCH 1");
        assertThat(search("SEARCH BODY CAFE")).isEqualTo("* SEARCH 3");
        assertThat(search("SEARCH SUBJECT TIDE")).isEqualTo("* SEARCH 1 2");
        assertThat(search("SEARCH FROM \"wanda.w@\"")).isEqualTo("* SEARCH 1");
        assertThat(search("SEARCH TO \"kite keeper\"")).isEqualTo("* SEARCH 2");
        assertThat(search("SEARCH HEADER X-Note \"lights\"")).isEqualTo("* SEARCH 1");
        assertThat(search("SEARCH HEADER X-Note \"\"")).isEqualTo("* SEARCH 1");
        assertThat(search("SEARCH SENTON 31-Dec-2023")).isEqualTo("* SEARCH 1");
        assertThat(search("SEARCH SENTSINCE 1-Jan-2024")).isEqualTo("* SEARCH 2");
        assertThat(search("SEARCH ON 11-Jan-2024")).isEqualTo("* SEARCH 2");
        long[] sizes = sizes();
        long middle = sizes[1] + sizes[2] + sizes[3] - Math.max(sizes[1], Math.max(sizes[2], sizes[3]))
            - Math.min(sizes[1], Math.min(sizes[2], sizes[3]));
        assertThat(search("SEARCH LARGER " + (middle - 1) + " SMALLER " + (middle + 1))).isEqualTo("* SEARCH " + indexOf(sizes, middle));
        assertThat(search("SEARCH LARGER " + middle)).doesNotContain(" " + indexOf(sizes, middle));
        assertThat(search("SEARCH OR BODY nothing BODY creme NOT FROM robin")).isEqualTo("* SEARCH 3");
        assertThat(search("SORT (SUBJECT) UTF-8 ALL")).isEqualTo("* SORT 2 3 1");
    }

    private static long[] sizes() throws Exception {
        imap.expectOk("SELECT Mails");
        long[] sizes = new long[4];
        for (String line : imap.expectOk("FETCH 1:3 RFC822.SIZE")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\* (\\d) FETCH \\(RFC822.SIZE (\\d+)\\)").matcher(line);
            if (m.matches()) {
                sizes[Integer.parseInt(m.group(1))] = Long.parseLong(m.group(2));
            }
        }
        return sizes;
    }

    private static int indexOf(long[] sizes, long size) {
        for (int i = 1; i < sizes.length; i++) {
            if (sizes[i] == size) {
                return i;
            }
        }
        throw new AssertionError("no message of " + size + " octets");
    }

    @Test
    void imapSearchAndSortAnswerFromThePostgresqlIndex() throws Exception {
        assertImapAnswers();
        assertThat(rows("SELECT count(*) FROM cpm_search_entry")).isEqualTo(6);
        assertThat(rows("SELECT count(*) FROM cpm_search_mark")).isEqualTo(2);
    }

    @Test
    void httpHistorySearchAnswersFromThePostgresqlIndex() throws Exception {
        assertThat(httpHits("café")).containsExactly("m-fr");
        assertThat(httpHits("IDÉE rendez-vous")).containsExactly("m-fr");
        assertThat(httpHits("Эрмит")).containsExactly("m-ru");
        assertThat(httpHits("東京")).containsExactly("m-ja");
        assertThat(httpHits("cafard")).isEmpty();
    }

    @Test
    void aFolderTheIndexLostIsCaughtUpFromTheSharedMarkByTheNextSearch() throws Exception {
        assertThat(rows("DELETE FROM cpm_search_entry")).isEqualTo(6);
        assertThat(rows("DELETE FROM cpm_search_mark")).isEqualTo(2);
        assertImapAnswers();
        assertThat(httpHits("Эрмит")).containsExactly("m-ru");
        assertThat(rows("SELECT count(*) FROM cpm_search_entry")).isEqualTo(6);
        assertThat(rows("SELECT max(uid) FROM cpm_search_mark")).isEqualTo(3);
    }
}
