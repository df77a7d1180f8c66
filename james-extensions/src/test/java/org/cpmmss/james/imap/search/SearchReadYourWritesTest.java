package org.cpmmss.james.imap.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.CpmObjectSamples;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Read-your-writes of the search index, which is written off the append path: the background indexer is held
 * back ({@code cpm.search.indexing-delay=PT10M}), so only the search's own catch-up of its folder can make a new
 * message findable. A message is found, with no wait, by SEARCH BODY/TEXT/SUBJECT and by SORT right after its
 * APPEND in the same session and from a second session, and by IMAP SEARCH and the HTTP history search right after
 * its LMTP 250.
 */
class SearchReadYourWritesTest {
    private static final String OP = "op-token-0123456789abcdef";
    private static final String OWNER = "+33640332859@example.com";
    private static final String SENDER = "+33612345678@example.com";
    private static final String CONVERSATION = "Default/tel:+33612345678";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.http.tokens", OP + ":operator").cpmProperty("cpm.search.indexing-delay", "PT10M")
        .defaultDomain("example.com")
        .domain("example.com").user(OWNER, "secret").user(SENDER, "secret")
        .build();

    private static byte[] note(String subject, String body) {
        return ("From: " + SENDER + "\r\nTo: " + OWNER + "\r\nSubject: " + subject + "\r\n\r\n" + body + "\r\n")
            .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSearchRightAfterAnAppendInTheSameSessionFindsTheNewMessage() throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), OWNER, "secret")) {
            imap.expectOk("CREATE Notes");
            imap.expectOk("SELECT Notes");
            for (int i = 1; i <= 3; i++) {
                imap.commandWithLiteral("APPEND Notes ()", note("quokka " + (4 - i), "lighthouse-" + i + " keeper"));
                assertThat(imap.expectOk("SEARCH BODY lighthouse-" + i)).contains("* SEARCH " + i);
                assertThat(imap.expectOk("SEARCH TEXT \"ouse-" + i + " kee\"")).contains("* SEARCH " + i);
                int appended = i;
                assertThat(imap.expectOk("UID SEARCH SUBJECT quokka")).anyMatch(line -> line.startsWith("* SEARCH ")
                    && line.split(" ").length == 2 + appended);
            }
            // subjects "quokka 3", "quokka 2", "quokka 1": SORT by subject reverses the append order
            assertThat(imap.expectOk("SORT (SUBJECT) UTF-8 ALL")).contains("* SORT 3 2 1");
            assertThat(imap.expectOk("SEARCH LARGER 10 HEADER Subject \"\" UNSEEN")).contains("* SEARCH 1 2 3");
        }
    }

    @Test
    void aSearchFromASecondSessionRightAfterTheAppendFindsTheNewMessage() throws Exception {
        try (ImapConnection writer = ImapConnection.login(server.imapPort(), OWNER, "secret");
             ImapConnection reader = ImapConnection.login(server.imapPort(), OWNER, "secret")) {
            writer.expectOk("CREATE Shared");
            reader.expectOk("SELECT Shared");
            writer.commandWithLiteral("APPEND Shared ()", note("wombat", "first zanzibar"));
            assertThat(reader.expectOk("UID SEARCH BODY zanzibar")).contains("* SEARCH 1");
            writer.commandWithLiteral("APPEND Shared ()", note("wombat", "second zanzibar"));
            try (ImapConnection third = ImapConnection.login(server.imapPort(), OWNER, "secret")) {
                third.expectOk("SELECT Shared");
                assertThat(third.expectOk("SEARCH BODY zanzibar")).contains("* SEARCH 1 2");
                assertThat(third.expectOk("SEARCH SUBJECT wombat BODY second")).contains("* SEARCH 2");
            }
        }
    }

    @Test
    void imapAndHttpSearchesRightAfterAnLmtpDeliveryFindTheNewObject() throws Exception {
        byte[] chat = CpmObjectSamples.chat("tel:+33612345678", "tel:+33640332859", "conv-ryw", "contrib-ryw", "ryw-1",
            "Meet me at the axolotl tank");
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            assertThat(lmtp.send(SENDER, List.of(OWNER), chat)).allMatch(reply -> reply.startsWith("250"));
        }
        HttpResponse<String> found = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.httpPort() + "/cpm/v1/users/" + OWNER + "/search?q="
                    + URLEncoder.encode("axolotl", StandardCharsets.UTF_8)))
            .header("Authorization", "Bearer " + OP).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains("\"imdnMessageId\":\"ryw-1\"");
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), OWNER, "secret")) {
            imap.expectOk("SELECT \"" + CONVERSATION + "\"");
            assertThat(imap.expectOk("UID SEARCH TEXT axolotl")).contains("* SEARCH 1");
        }
    }
}
