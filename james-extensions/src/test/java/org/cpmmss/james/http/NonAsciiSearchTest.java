package org.cpmmss.james.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.CpmObjectSamples;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Words with non-ASCII letters are found in CPM objects: chat messages stored over LMTP whose CPIM payload is
 * {@code text/plain; charset=utf-8} (French with accents, Russian, Japanese) are found by IMAP
 * {@code SEARCH CHARSET UTF-8 TEXT/BODY} and by the HTTP history search, accents folded ("cafe" finds "café"),
 * and a hit reports the same type as the objects listing (CHAT_MESSAGE).
 */
class NonAsciiSearchTest {
    static final String OP = "op-token-0123456789abcdef";
    static final String SENDER = "+33612345678@example.com";
    static final String OWNER = "+33640332859@example.com";
    static final String FOLDER = "Default/tel:+33612345678";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.http.tokens", OP + ":operator")
        .defaultDomain("example.com")
        .domain("example.com").user(SENDER, "secret").user(OWNER, "secret")
        .build();
    static CpmHttpClient operator;
    static ImapConnection imap;

    @BeforeAll
    static void deliverAndIndex() throws Exception {
        operator = CpmHttpClient.bearer(server.httpPort(), OP);
        deliver("m-fr", "Rendez-vous au café zebrafish, naïve idée");
        deliver("m-ru", "Привет, встречаемся у Эрмитажа");
        deliver("m-ja", "東京タワーで会いましょう");
        imap = ImapConnection.login(server.imapPort(), OWNER, "secret");
        imap.expectOk("SELECT \"" + FOLDER + "\"");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
            assertThat(imap.expectOk("UID SEARCH TEXT zebrafish").get(0)).isEqualTo("* SEARCH 1"));
    }

    private static void deliver(String imdnId, String text) throws Exception {
        byte[] chat = CpmObjectSamples.chat("tel:+33612345678", "tel:+33640332859", "conv-utf8", "contrib-" + imdnId, imdnId, text);
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            List<String> replies = lmtp.send(SENDER, List.of(OWNER), chat);
            assertThat(replies).allMatch(reply -> reply.startsWith("250"));
        }
    }

    @AfterAll
    static void shutdown() throws Exception {
        imap.close();
    }

    private static String imapSearch(String key, String word) throws Exception {
        return imap.commandWithLiteral("UID SEARCH CHARSET UTF-8 " + key, word.getBytes(StandardCharsets.UTF_8)).get(0);
    }

    @Test
    void imapSearchFindsAccentedCyrillicAndJapaneseWords() throws Exception {
        assertThat(imapSearch("TEXT", "café")).isEqualTo("* SEARCH 1");
        assertThat(imapSearch("TEXT", "idée")).isEqualTo("* SEARCH 1");
        assertThat(imapSearch("BODY", "NAÏVE")).isEqualTo("* SEARCH 1");
        assertThat(imapSearch("TEXT", "cafe")).isEqualTo("* SEARCH 1");
        assertThat(imapSearch("TEXT", "привет")).isEqualTo("* SEARCH 2");
        assertThat(imapSearch("BODY", "Эрмитаж")).isEqualTo("* SEARCH 2");
        assertThat(imapSearch("TEXT", "京タワ")).isEqualTo("* SEARCH 3");
        assertThat(imapSearch("TEXT", "cafard")).isEqualTo("* SEARCH");
    }

    private static List<String> httpHits(String q) throws Exception {
        JsonNode hits = operator.get("/cpm/v1/users/" + OWNER + "/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
            .json().get("hits");
        List<String> ids = new ArrayList<>();
        hits.forEach(hit -> ids.add(hit.get("headers").get("imdnMessageId").asText()));
        return ids;
    }

    @Test
    void httpSearchFindsAccentedCyrillicAndJapaneseWords() throws Exception {
        assertThat(httpHits("café")).containsExactly("m-fr");
        assertThat(httpHits("naïve")).containsExactly("m-fr");
        assertThat(httpHits("cafe")).containsExactly("m-fr");
        assertThat(httpHits("IDÉE rendez-vous")).containsExactly("m-fr");
        assertThat(httpHits("привет")).containsExactly("m-ru");
        assertThat(httpHits("Эрмит")).containsExactly("m-ru");
        assertThat(httpHits("東京")).containsExactly("m-ja");
        assertThat(httpHits("cafard")).isEmpty();
    }

    @Test
    void searchHitsReportTheTypeTheObjectsListingReports() throws Exception {
        JsonNode hit = operator.get("/cpm/v1/users/" + OWNER + "/search?q=zebrafish").json().get("hits").get(0);
        JsonNode listed = operator.get("/cpm/v1/users/" + OWNER + "/objects?folder="
            + URLEncoder.encode(FOLDER, StandardCharsets.UTF_8)).json().get("objects").get(0);
        assertThat(listed.get("type").asText()).isEqualTo("CHAT_MESSAGE");
        assertThat(hit.get("type").asText()).isEqualTo("CHAT_MESSAGE");
        JsonNode filtered = operator.get("/cpm/v1/users/" + OWNER + "/search?q=zebrafish&type=chat-message").json().get("hits");
        assertThat(filtered).hasSize(1);
    }
}
