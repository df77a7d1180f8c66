package org.cpmmss.james.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.builder.FileBasedConfigurationBuilder;
import org.apache.commons.configuration2.builder.fluent.Parameters;
import org.apache.commons.configuration2.convert.DefaultListDelimiterHandler;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/** The cpm API against a booted server: authentication, roles, errors, preferences and history queries. */
class HttpApiTest {
    static final String PF_TOKEN = "pf-token-0123456789abcdef";
    static final String OPERATOR_TOKEN = "op-token-0123456789abcdef";
    static final String DOMAIN = "example.com";
    static final String ALICE = "+33612345678@example.com";
    static final String BOB = "bob@example.com";
    static final String PASSWORD = "secret";
    static final String PEER_FOLDER = "Default/tel:+33640332859";
    static final String PEER_FOLDER_Q = enc(PEER_FOLDER);

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.http.tokens", PF_TOKEN + ":pf, " + OPERATOR_TOKEN + ":operator")
        .cpmProperty("cpm.default.deferred-delivery", "notify")
        .cpmProperty("cpm.limits.max-object-size", "65536")
        .defaultDomain(DOMAIN)
        .domain(DOMAIN).user(ALICE, PASSWORD).user(BOB, PASSWORD)
        .build();
    static CpmHttpClient anonymous;
    static CpmHttpClient pf;
    static CpmHttpClient operator;
    static CpmHttpClient alice;
    static CpmHttpClient bob;

    @BeforeAll
    static void clients() throws Exception {
        int port = server.httpPort();
        anonymous = CpmHttpClient.anonymous(port);
        pf = CpmHttpClient.bearer(port, PF_TOKEN);
        operator = CpmHttpClient.bearer(port, OPERATOR_TOKEN);
        alice = CpmHttpClient.basic(port, ALICE, PASSWORD);
        bob = CpmHttpClient.basic(port, BOB, PASSWORD);
        appendHistory();
    }

    static String chat(String imdnId, String direction, String text, String date) {
        return "Date: " + date + "\r\n"
            + "From: tel:+33612345678\r\nTo: tel:+33640332859\r\n"
            + "Conversation-ID: conv-1\r\nContribution-ID: contrib-1\r\n"
            + "IMDN-Message-ID: " + imdnId + "\r\nMessage-Direction: " + direction + "\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: message/cpim\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "From: <tel:+33612345678>\r\nTo: <tel:+33640332859>\r\nNS: imdn <urn:ietf:params:imdn>\r\n"
            + "imdn.Message-ID: " + imdnId + "\r\nDateTime: 2024-03-25T10:45:40Z\r\n"
            + "imdn.Disposition-Notification: positive-delivery, display\r\n\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text;
    }

    static final String NOTIFICATION = "Date: Mon, 25 Mar 2024 10:55:53 +0000\r\n"
        + "From: tel:+33640332859\r\nTo: tel:+33612345678\r\n"
        + "Conversation-ID: conv-1\r\nContribution-ID: contrib-1\r\n"
        + "IMDN-Message-ID: imdn-dlv-1\r\nMessage-Direction: received\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: message/cpim\r\n\r\n"
        + "From: <tel:+33640332859>\r\nTo: <tel:+33612345678>\r\nNS: imdn <urn:ietf:params:imdn>\r\n"
        + "imdn.Message-ID: imdn-dlv-1\r\nDateTime: 2024-03-25T10:55:53Z\r\n\r\n"
        + "Content-Type: message/imdn+xml; charset=utf-8\r\nContent-Disposition: notification\r\n\r\n"
        + "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\">"
        + "<message-id>msg-1</message-id><datetime>2024-03-25T10:45:40Z</datetime>"
        + "<delivery-notification><status><delivered/></status></delivery-notification></imdn>\r\n";

    /** Alice's history, written over IMAP APPEND as any client could. */
    static void appendHistory() throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            imap.expectOk("CREATE \"" + PEER_FOLDER + "\"");
            imap.expectOk("CREATE \"Default/tel:+33699999999\"");
            imap.commandWithLiteral("APPEND \"" + PEER_FOLDER + "\" (\\Seen $delivered) \"25-Mar-2024 10:45:41 +0000\"",
                chat("msg-1", "sent", "Hello Bob, see you at the harbour", "Mon, 25 Mar 2024 10:45:41 +0000").getBytes(StandardCharsets.UTF_8));
            imap.commandWithLiteral("APPEND \"" + PEER_FOLDER + "\" () \"25-Mar-2024 10:55:53 +0000\"",
                NOTIFICATION.getBytes(StandardCharsets.UTF_8));
            imap.commandWithLiteral("APPEND \"" + PEER_FOLDER + "\" () \"26-Mar-2024 08:00:00 +0000\"",
                chat("msg-2", "received", "Bring the lighthouse map", "Tue, 26 Mar 2024 08:00:00 +0000").getBytes(StandardCharsets.UTF_8));
            imap.commandWithLiteral("APPEND \"Default/tel:+33699999999\" () \"01-Apr-2024 12:00:00 +0000\"",
                chat("msg-3", "sent", "The harbour is closed today", "Mon, 01 Apr 2024 12:00:00 +0000")
                    .replace("tel:+33640332859", "tel:+33699999999").getBytes(StandardCharsets.UTF_8));
        }
    }

    static String enc(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static void assertProblem(CpmHttpClient.Reply reply, int status) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).startsWith("https://");
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    static String prefs(String user) {
        return "/cpm/v1/users/" + user + "/preferences";
    }

    // ---- authentication and roles ------------------------------------------------------------------

    @Test
    void everyCallWithoutCredentialsIsRefusedWith401AndAChallenge() throws Exception {
        for (String path : List.of(prefs(ALICE), "/cpm/v1/users/" + ALICE + "/conversations", "/cpm/v1/policy",
            "/cpm/v1/whoami", "/cpm/v1/nothing-here")) {
            CpmHttpClient.Reply reply = anonymous.get(path);
            assertProblem(reply, 401);
            assertThat(reply.response().headers().firstValue("WWW-Authenticate")).get().asString().contains("Bearer").contains("Basic");
        }
        assertProblem(anonymous.postJson("/cpm/v1/standalone-messages", "{}"), 401);
        assertProblem(anonymous.putJson(prefs(ALICE), "{\"recording\":\"off\"}"), 401);
    }

    @Test
    void wrongTokensAndPasswordsAre401() throws Exception {
        assertProblem(CpmHttpClient.bearer(server.httpPort(), "not-a-configured-token-xyz").get(prefs(ALICE)), 401);
        assertProblem(CpmHttpClient.basic(server.httpPort(), ALICE, "wrong").get(prefs(ALICE)), 401);
        assertProblem(CpmHttpClient.basic(server.httpPort(), "nobody@example.com", PASSWORD).get(prefs(ALICE)), 401);
    }

    @Test
    void whoAmIReportsTheRole() throws Exception {
        assertThat(pf.get("/cpm/v1/whoami").json().get("role").asText()).isEqualTo("pf");
        assertThat(operator.get("/cpm/v1/whoami").json().get("role").asText()).isEqualTo("operator");
        JsonNode user = alice.get("/cpm/v1/whoami").json();
        assertThat(user.get("role").asText()).isEqualTo("user");
        assertThat(user.get("user").asText()).isEqualTo(ALICE);
    }

    @Test
    void wrongRoleOrSomeoneElsesResourceIs403() throws Exception {
        assertProblem(pf.get(prefs(ALICE)), 403);
        assertProblem(pf.get("/cpm/v1/users/" + ALICE + "/search?q=harbour"), 403);
        assertProblem(bob.get(prefs(ALICE)), 403);
        assertProblem(bob.putJson(prefs(ALICE), "{\"recording\":\"off\"}"), 403);
        assertProblem(bob.get("/cpm/v1/users/" + ALICE + "/conversations"), 403);
        assertProblem(bob.get("/cpm/v1/users/" + ALICE + "/objects/1/raw?folder=" + PEER_FOLDER_Q), 403);
        assertProblem(alice.get("/cpm/v1/policy"), 403);
        assertProblem(pf.get("/cpm/v1/policy"), 403);
        assertProblem(alice.postJson("/cpm/v1/standalone-messages", "{}"), 403);
        assertProblem(operator.postJson("/cpm/v1/sessions", "{}"), 403);
    }

    @Test
    void unknownUserOrSessionIs404() throws Exception {
        assertProblem(operator.get(prefs("nobody@example.com")), 404);
        assertProblem(operator.get("/cpm/v1/users/nobody@example.com/conversations"), 404);
        assertProblem(pf.postJson("/cpm/v1/sessions/never-opened/messages",
            "{\"imdnMessageId\":\"m\",\"from\":\"tel:+33612345678\",\"text\":\"hi\"}"), 404);
        assertProblem(pf.get("/cpm/v1/sessions/never-opened"), 404);
        assertProblem(alice.get("/cpm/v1/users/" + ALICE + "/objects?folder=" + enc("Default/tel:+33000000000") + ""), 404);
        assertProblem(alice.get("/cpm/v1/users/" + ALICE + "/objects/999?folder=" + PEER_FOLDER_Q), 404);
        assertProblem(pf.postJson("/cpm/v1/standalone-messages", "{\"from\":\"tel:+33611111111\",\"to\":\"tel:+33622222222\","
            + "\"conversationId\":\"c\",\"imdnMessageId\":\"i\",\"text\":\"nobody here\"}"), 404);
        assertProblem(pf.postJson("/cpm/v1/standalone-messages", "{\"from\":\"tel:+33612345678\",\"to\":\"tel:+33622222222\","
            + "\"conversationId\":\"c\",\"imdnMessageId\":\"i\",\"text\":\"x\",\"owners\":[\"ghost@example.com\"]}"), 404);
    }

    @Test
    void malformedRequestsAre400WithAnActionableDetail() throws Exception {
        assertProblem(pf.postJson("/cpm/v1/standalone-messages", "{not json"), 400);
        assertProblem(pf.postJson("/cpm/v1/standalone-messages", "[1,2]"), 400);
        CpmHttpClient.Reply missing = pf.postJson("/cpm/v1/standalone-messages", "{\"from\":\"tel:+33612345678\",\"to\":\"tel:+33640332859\"}");
        assertProblem(missing, 400);
        assertThat(missing.json().get("detail").asText()).contains("imdnMessageId");
        CpmHttpClient.Reply badAddress = pf.postJson("/cpm/v1/standalone-messages", "{\"from\":\"tel:12ab\",\"to\":\"tel:+33640332859\","
            + "\"conversationId\":\"c\",\"imdnMessageId\":\"i\",\"text\":\"x\"}");
        assertProblem(badAddress, 400);
        assertThat(badAddress.json().get("detail").asText()).contains("from");
        CpmHttpClient.Reply unsafe = pf.postJson("/cpm/v1/sessions", "{\"conversationId\":\"../../etc\",\"contributionId\":\"x\","
            + "\"from\":\"tel:+33612345678\",\"to\":\"tel:+33640332859\"}");
        assertProblem(unsafe, 400);
        CpmHttpClient.Reply badNotification = pf.postJson("/cpm/v1/standalone-messages", "{\"from\":\"tel:+33612345678\","
            + "\"to\":\"tel:+33640332859\",\"conversationId\":\"c\",\"imdnMessageId\":\"i\",\"text\":\"x\","
            + "\"dispositionNotification\":[\"sometimes\"]}");
        assertProblem(badNotification, 400);
        assertProblem(alice.get("/cpm/v1/users/" + ALICE + "/objects?folder=" + PEER_FOLDER_Q + "&limit=nine"), 400);
        assertProblem(alice.get("/cpm/v1/users/" + ALICE + "/search?since=yesterday"), 400);
        assertProblem(alice.get("/cpm/v1/users/" + ALICE + "/search?type=hologram"), 400);
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        assertProblem(pf.send("POST", "/cpm/v1/standalone-messages", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)), 415);
        assertProblem(alice.send("PUT", prefs(ALICE), "application/x-www-form-urlencoded", "recording=off".getBytes(StandardCharsets.UTF_8)), 415);
        assertProblem(pf.postJson("/cpm/v1/file-transfers", "{}"), 415);
    }

    @Test
    void tooLargeIs413() throws Exception {
        String big = "{\"text\":\"" + "x".repeat(70_000) + "\"}";
        assertProblem(pf.postJson("/cpm/v1/standalone-messages", big), 413);
    }

    @Test
    void openApiDocumentIsServed() throws Exception {
        CpmHttpClient.Reply reply = anonymous.get("/cpm/v1/openapi.yaml");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).startsWith("openapi: 3");
        Path docs = CpmMssTestServer.shippedConfDirectory().getParent().resolve("docs").resolve("openapi.yaml");
        assertThat(reply.body()).as("the served document is docs/openapi.yaml (packaged by the build)")
            .isEqualTo(java.nio.file.Files.readString(docs));
    }

    @Test
    void shippedConfigurationHasNoTokens() throws Exception {
        FileBasedConfigurationBuilder<PropertiesConfiguration> builder = new FileBasedConfigurationBuilder<>(PropertiesConfiguration.class)
            .configure(new Parameters().properties().setFile(CpmMssTestServer.shippedConfDirectory().resolve("cpm.properties").toFile())
                .setListDelimiterHandler(new DefaultListDelimiterHandler(',')));
        assertThat(CpmHttpSettings.from(builder.getConfiguration()).hasTokens()).isFalse();
    }

    // ---- preferences ---------------------------------------------------------------------------------

    @Test
    void preferencesDefaultToOperatorPolicy() throws Exception {
        JsonNode preferences = operator.get(prefs(BOB)).json().get("preferences");
        assertThat(preferences.get("recording").get("value").asText()).isEqualTo("on");
        assertThat(preferences.get("deferred-delivery").get("value").asText()).isEqualTo("notify");
        assertThat(preferences.get("deferred-delivery").get("source").asText()).isEqualTo("operator-default");
        assertThat(preferences.get("deferred-expiry").get("value").asText()).isEqualTo("handover");
        assertThat(preferences.get("do-not-disturb").get("value").asText()).isEqualTo("off");
        assertThat(preferences.get("reject-when-offline").get("value").asText()).isEqualTo("off");
    }

    @Test
    void theDocumentedPreferencesExampleNamesTheEntriesTheServerAnswers() throws Exception {
        JsonNode preferences = operator.get(prefs(BOB)).json().get("preferences");
        java.util.Set<String> answered = new java.util.HashSet<>();
        preferences.forEach(p -> answered.add(p.get("entry").asText()));
        assertThat(answered).contains("/private/vendor/cpm/deferred-delivery", "/private/vendor/cpm/recording");
        String doc = java.nio.file.Files.readString(CpmMssTestServer.shippedConfDirectory().getParent()
            .resolve("docs").resolve("http-api.md"));
        java.util.regex.Matcher entries = java.util.regex.Pattern.compile("\"entry\":\"([^\"]+)\"").matcher(doc);
        List<String> documented = new java.util.ArrayList<>();
        while (entries.find()) {
            documented.add(entries.group(1));
        }
        assertThat(documented).isNotEmpty().allSatisfy(entry -> assertThat(answered).contains(entry));
    }

    @Test
    void recordingPreferenceIsTheImapMetadataEntryBothWays() throws Exception {
        CpmHttpClient.Reply put = alice.putJson(prefs(ALICE), "{\"recording\":\"off\"}");
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("preferences").get("recording").get("value").asText()).isEqualTo("off");
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            assertThat(String.join("\n", imap.expectOk("GETMETADATA INBOX (/private/vendor/cpm/recording)")))
                .contains("/private/vendor/cpm/recording \"off\"");
            imap.expectOk("SETMETADATA INBOX (/private/vendor/cpm/recording \"on\")");
        }
        JsonNode recording = operator.get(prefs(ALICE)).json().get("preferences").get("recording");
        assertThat(recording.get("value").asText()).isEqualTo("on");
        assertThat(recording.get("source").asText()).isEqualTo("user");

        assertThat(operator.putJson(prefs(ALICE), "{\"recording\":null}").status()).isEqualTo(200);
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            assertThat(String.join("\n", imap.expectOk("GETMETADATA INBOX (/private/vendor/cpm/recording)")))
                .doesNotContain("/private/vendor/cpm/recording \"");
        }
        assertThat(alice.get(prefs(ALICE)).json().get("preferences").get("recording").get("source").asText()).isEqualTo("operator-default");
    }

    @Test
    void everyPreferenceRoundTripsOverHttp() throws Exception {
        String all = "{\"recording\":\"off\",\"deferred-delivery\":\"push\",\"deferred-expiry\":\"delete\","
            + "\"do-not-disturb\":\"on\",\"reject-when-offline\":\"on\"}";
        assertThat(bob.putJson(prefs(BOB), all).status()).isEqualTo(200);
        JsonNode preferences = operator.get(prefs(BOB)).json().get("preferences");
        assertThat(preferences.get("recording").get("value").asText()).isEqualTo("off");
        assertThat(preferences.get("deferred-delivery").get("value").asText()).isEqualTo("push");
        assertThat(preferences.get("deferred-expiry").get("value").asText()).isEqualTo("delete");
        assertThat(preferences.get("do-not-disturb").get("value").asText()).isEqualTo("on");
        assertThat(preferences.get("reject-when-offline").get("value").asText()).isEqualTo("on");
        assertThat(bob.putJson(prefs(BOB), "{\"recording\":null,\"deferred-delivery\":null,\"deferred-expiry\":null,"
            + "\"do-not-disturb\":null,\"reject-when-offline\":null}").status()).isEqualTo(200);
        JsonNode reset = bob.get(prefs(BOB)).json().get("preferences");
        for (String name : List.of("recording", "deferred-delivery", "deferred-expiry", "do-not-disturb", "reject-when-offline")) {
            assertThat(reset.get(name).get("source").asText()).as(name).isEqualTo("operator-default");
        }
    }

    @Test
    void everyPreferenceIsTheImapMetadataEntryNamedInTheView() throws Exception {
        JsonNode view = alice.get(prefs(ALICE)).json().get("preferences");
        String doNotDisturb = view.get("do-not-disturb").get("entry").asText();
        String deferredDelivery = view.get("deferred-delivery").get("entry").asText();
        assertThat(alice.putJson(prefs(ALICE), "{\"do-not-disturb\":\"on\"}").status()).isEqualTo(200);
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            assertThat(String.join("\n", imap.expectOk("GETMETADATA INBOX (" + doNotDisturb + ")")))
                .contains(doNotDisturb + " \"on\"");
            imap.expectOk("SETMETADATA INBOX (" + deferredDelivery + " \"push\")");
        }
        JsonNode after = alice.get(prefs(ALICE)).json().get("preferences");
        assertThat(after.get("deferred-delivery").get("value").asText()).isEqualTo("push");
        assertThat(after.get("do-not-disturb").get("value").asText()).isEqualTo("on");
        assertThat(alice.putJson(prefs(ALICE), "{\"do-not-disturb\":null,\"deferred-delivery\":null}").status()).isEqualTo(200);
    }

    @Test
    void invalidPreferenceValuesAre400AndWriteNothing() throws Exception {
        CpmHttpClient.Reply invalid = bob.putJson(prefs(BOB), "{\"do-not-disturb\":\"on\",\"recording\":\"sometimes\"}");
        assertProblem(invalid, 400);
        assertThat(invalid.json().get("detail").asText()).contains("recording").contains("on, off");
        assertProblem(bob.putJson(prefs(BOB), "{\"volume\":\"loud\"}"), 400);
        assertProblem(bob.putJson(prefs(BOB), "{\"recording\":true}"), 400);
        assertProblem(bob.putJson(prefs(BOB), "{}"), 400);
        assertThat(bob.get(prefs(BOB)).json().get("preferences").get("do-not-disturb").get("source").asText()).isEqualTo("operator-default");
    }

    @Test
    void operatorSeesPolicyWithoutTokens() throws Exception {
        JsonNode policy = operator.get("/cpm/v1/policy").json();
        assertThat(policy.get("policy").get("cpm.folder.layout").asText()).isEqualTo("rcs");
        assertThat(policy.get("policy").has("cpm.http.tokens")).isFalse();
        assertThat(policy.toString()).doesNotContain(PF_TOKEN).doesNotContain(OPERATOR_TOKEN);
        assertThat(policy.get("preferenceDefaults").get("deferred-delivery").asText()).isEqualTo("notify");
    }

    // ---- history queries ---------------------------------------------------------------------------

    @Test
    void conversationsListFoldersWithCountsAndParticipants() throws Exception {
        CpmHttpClient.Reply reply = alice.get("/cpm/v1/users/" + ALICE + "/conversations");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode conversations = reply.json().get("conversations");
        assertThat(conversations).hasSize(2);
        JsonNode peer = conversations.get(0);
        assertThat(peer.get("folder").asText()).isEqualTo(PEER_FOLDER);
        assertThat(peer.get("messages").asLong()).isEqualTo(3);
        assertThat(peer.get("unseen").asLong()).isEqualTo(2);
        assertThat(peer.get("lastActivity").asText()).isEqualTo("2024-03-26T08:00:00Z");
        assertThat(peer.get("participants").toString()).contains("tel:+33612345678").contains("tel:+33640332859");
        assertThat(operator.get("/cpm/v1/users/" + ALICE + "/conversations").json().get("total").asInt()).isEqualTo(2);
    }

    @Test
    void objectsPageDecodesPayloadDirectionAndDispositions() throws Exception {
        CpmHttpClient.Reply reply = alice.get("/cpm/v1/users/" + ALICE + "/objects?folder=" + PEER_FOLDER_Q + "&limit=2");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode page = reply.json();
        JsonNode objects = page.get("objects");
        assertThat(objects).hasSize(2);
        JsonNode first = objects.get(0);
        assertThat(first.get("type").asText()).isEqualTo("CHAT_MESSAGE");
        assertThat(first.get("direction").asText()).isEqualTo("sent");
        assertThat(first.get("payload").get("text").asText()).isEqualTo("Hello Bob, see you at the harbour");
        assertThat(first.get("headers").get("imdnMessageId").asText()).isEqualTo("msg-1");
        assertThat(first.get("seen").asBoolean()).isTrue();
        assertThat(first.get("dispositions").get("delivered").asBoolean()).isTrue();
        JsonNode notification = objects.get(1);
        assertThat(notification.get("type").asText()).isEqualTo("DISPOSITION_NOTIFICATION");
        assertThat(notification.get("payload").get("notification").get("messageId").asText()).isEqualTo("msg-1");
        assertThat(notification.get("payload").get("notification").get("status").asText()).isEqualTo("delivered");
        long next = page.get("nextAfter").asLong();
        JsonNode rest = alice.get("/cpm/v1/users/" + ALICE + "/objects?folder=" + PEER_FOLDER_Q + "&after=" + next).json();
        assertThat(rest.get("objects")).hasSize(1);
        assertThat(rest.get("objects").get(0).get("direction").asText()).isEqualTo("received");
        assertThat(rest.get("nextAfter").isNull()).isTrue();
    }

    @Test
    void rawObjectIsTheStoredBytes() throws Exception {
        CpmHttpClient.Reply raw = alice.get("/cpm/v1/users/" + ALICE + "/objects/1/raw?folder=" + PEER_FOLDER_Q);
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.contentType()).startsWith("message/rfc822");
        assertThat(raw.body()).isEqualTo(chat("msg-1", "sent", "Hello Bob, see you at the harbour", "Mon, 25 Mar 2024 10:45:41 +0000"));
        JsonNode one = operator.get("/cpm/v1/users/" + ALICE + "/objects/3?folder=" + PEER_FOLDER_Q).json();
        assertThat(one.get("payload").get("text").asText()).isEqualTo("Bring the lighthouse map");
    }

    @Test
    void searchFindsTextAcrossConversationsWithFilters() throws Exception {
        String base = "/cpm/v1/users/" + ALICE + "/search";
        JsonNode all = alice.get(base + "?q=harbour").json().get("hits");
        assertThat(all).hasSize(2);
        assertThat(all.get(0).get("folder").asText()).isEqualTo("Default/tel:+33699999999");
        assertThat(all.get(1).get("headers").get("imdnMessageId").asText()).isEqualTo("msg-1");

        assertThat(alice.get(base + "?q=harbour&folder=" + PEER_FOLDER_Q).json().get("hits")).hasSize(1);
        assertThat(alice.get(base + "?q=harbour&participant=%2B33699999999").json().get("hits")).hasSize(1);
        assertThat(alice.get(base + "?q=harbour&since=2024-03-31T00:00:00Z").json().get("hits")).hasSize(1);
        assertThat(alice.get(base + "?q=harbour&until=2024-03-31T00:00:00Z").json().get("hits")).hasSize(1);
        JsonNode notifications = alice.get(base + "?type=disposition-notification").json().get("hits");
        assertThat(notifications).hasSize(1);
        assertThat(notifications.get(0).get("headers").get("imdnMessageId").asText()).isEqualTo("imdn-dlv-1");
        JsonNode chats = alice.get(base + "?type=chat-message&limit=2").json();
        assertThat(chats.get("hits")).hasSize(2);
        assertThat(chats.get("nextOffset").asInt()).isEqualTo(2);
        assertThat(alice.get(base + "?type=chat-message&offset=2").json().get("hits")).hasSize(1);
        assertThat(alice.get(base + "?q=zeppelin").json().get("hits")).isEmpty();
    }
}
