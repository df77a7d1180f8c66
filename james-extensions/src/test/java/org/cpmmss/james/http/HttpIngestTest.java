package org.cpmmss.james.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Ingest over HTTP against the delivery-outcome contract: every call answers 201 (200 for a repeat) with
 * where each owner's copy was stored, and that copy is then visible over IMAP. Needs the recording
 * pipeline of issue 5 (until it lands, the mailet container records no outcome and the door answers 500).
 */
class HttpIngestTest {
    static final String PF_TOKEN = "pf-token-0123456789abcdef";
    static final String DOMAIN = "example.com";
    static final String ALICE_URI = "tel:+33612345678";
    static final String BOB_URI = "tel:+33640332859";
    static final String ALICE = "+33612345678@example.com";
    static final String BOB = "+33640332859@example.com";
    static final String PASSWORD = "secret";

    @TempDir
    static Path work;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.http.tokens", PF_TOKEN + ":pf")
        .defaultDomain(DOMAIN)
        .domain(DOMAIN).user(ALICE, PASSWORD).user(BOB, PASSWORD)
        .build();
    static CpmHttpClient pf;

    @BeforeAll
    static void clients() throws Exception {
        pf = CpmHttpClient.bearer(server.httpPort(), PF_TOKEN);
    }

    /** Asserts a 201/200 answer with a stored (or repeat) outcome for the owner; returns that outcome. */
    static JsonNode storedFor(CpmHttpClient.Reply reply, int status, String owner) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        JsonNode outcome = reply.json().get("owners").get(owner);
        assertThat(outcome).as(reply.toString()).isNotNull();
        assertThat(outcome.get("outcome").asText()).isIn("stored", "duplicate");
        assertThat(outcome.get("folder").asText()).startsWith("Default/");
        assertThat(outcome.get("uidValidity").asLong()).isPositive();
        assertThat(outcome.get("uid").asLong()).isPositive();
        return outcome;
    }

    /** The stored object over IMAP, by the folder and UID the door answered. */
    static String fetchOverImap(String user, JsonNode outcome) throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), user, PASSWORD)) {
            String select = String.join("\n", imap.expectOk("SELECT \"" + outcome.get("folder").asText() + "\""));
            assertThat(select).contains("UIDVALIDITY " + outcome.get("uidValidity").asLong());
            return String.join("\n", imap.expectOk("UID FETCH " + outcome.get("uid").asLong() + " (BODY.PEEK[])"));
        }
    }

    static String standalone(String imdnId, String text) {
        return "{\"from\":\"" + ALICE_URI + "\",\"to\":[\"" + BOB_URI + "\"],\"conversationId\":\"conv-http-1\","
            + "\"contributionId\":\"contrib-" + imdnId + "\",\"imdnMessageId\":\"" + imdnId + "\",\"text\":\"" + text + "\","
            + "\"dispositionNotification\":[\"positive-delivery\",\"display\"]}";
    }

    @Test
    void standaloneMessageIsStoredForOriginatorAndRecipientAndRepeatIs200() throws Exception {
        CpmHttpClient.Reply first = pf.postJson("/cpm/v1/standalone-messages", standalone("sa-1", "Meet at noon"));
        JsonNode alice = storedFor(first, 201, ALICE);
        JsonNode bob = storedFor(first, 201, BOB);
        assertThat(first.json().get("status").asText()).isEqualTo("stored");
        assertThat(fetchOverImap(ALICE, alice)).contains("IMDN-Message-ID: sa-1").contains("Meet at noon")
            .contains("Message-Direction: sent");
        assertThat(fetchOverImap(BOB, bob)).contains("IMDN-Message-ID: sa-1").contains("Message-Direction: received");

        CpmHttpClient.Reply repeat = pf.postJson("/cpm/v1/standalone-messages", standalone("sa-1", "Meet at noon"));
        assertThat(repeat.status()).as(repeat.toString()).isEqualTo(200);
        assertThat(repeat.json().get("status").asText()).isEqualTo("repeat");
        assertThat(repeat.json().get("owners").get(ALICE).get("outcome").asText()).isEqualTo("duplicate");
    }

    @Test
    void explicitOwnersAreTheOnlyOwners() throws Exception {
        String body = standalone("sa-owners", "only bob").replace("}", ",\"owners\":[\"" + BOB + "\"]}");
        CpmHttpClient.Reply reply = pf.postJson("/cpm/v1/standalone-messages", body);
        storedFor(reply, 201, BOB);
        assertThat(reply.json().get("owners").has(ALICE)).isFalse();
    }

    @Test
    void chatSessionLifecycleIsStoredObjectByObjectAndClosedSessionIs409() throws Exception {
        String open = "{\"conversationId\":\"conv-s1\",\"contributionId\":\"contrib-s1\",\"from\":\"" + ALICE_URI + "\","
            + "\"to\":\"" + BOB_URI + "\",\"subject\":\"Lunch\"}";
        CpmHttpClient.Reply opened = pf.postJson("/cpm/v1/sessions", open);
        JsonNode info = storedFor(opened, 201, ALICE);
        assertThat(opened.json().get("session").get("state").asText()).isEqualTo("open");
        assertThat(fetchOverImap(ALICE, info)).contains("Content-Type: Application/X-CPM-Session").contains("Contribution-ID: contrib-s1");
        assertThat(pf.postJson("/cpm/v1/sessions", open).status()).isEqualTo(200);

        CpmHttpClient.Reply chat = pf.postJson("/cpm/v1/sessions/contrib-s1/messages",
            "{\"imdnMessageId\":\"s1-m1\",\"from\":\"" + ALICE_URI + "\",\"text\":\"Pizza?\",\"dispositionNotification\":\"positive-delivery\"}");
        JsonNode chatOutcome = storedFor(chat, 201, BOB);
        assertThat(fetchOverImap(BOB, chatOutcome)).contains("IMDN-Message-ID: s1-m1").contains("Conversation-ID: conv-s1").contains("Pizza?");

        CpmHttpClient.Reply notification = pf.postJson("/cpm/v1/sessions/contrib-s1/notifications",
            "{\"imdnMessageId\":\"s1-n1\",\"from\":\"" + BOB_URI + "\",\"messageId\":\"s1-m1\",\"kind\":\"delivery\",\"status\":\"delivered\"}");
        assertThat(fetchOverImap(ALICE, storedFor(notification, 201, ALICE))).contains("message/imdn+xml").contains("<message-id>s1-m1</message-id>");

        CpmHttpClient.Reply media = pf.postMultipart("/cpm/v1/sessions/contrib-s1/media", new CpmHttpClient.Multipart()
            .json("metadata", "{\"imdnMessageId\":\"s1-media\",\"from\":\"" + ALICE_URI + "\"}")
            .part("file", "pic.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2}));
        assertThat(fetchOverImap(BOB, storedFor(media, 201, BOB))).contains("IMDN-Message-ID: s1-media").contains("image/png");

        CpmHttpClient.Reply closed = pf.postJson("/cpm/v1/sessions/contrib-s1/close", "{}");
        JsonNode end = storedFor(closed, 201, ALICE);
        assertThat(closed.json().get("session").get("state").asText()).isEqualTo("closed");
        assertThat(fetchOverImap(ALICE, end)).contains("CPM-Session-State: ended");

        CpmHttpClient.Reply late = pf.postJson("/cpm/v1/sessions/contrib-s1/messages",
            "{\"imdnMessageId\":\"s1-m2\",\"from\":\"" + ALICE_URI + "\",\"text\":\"too late\"}");
        HttpApiTest.assertProblem(late, 409);
        HttpApiTest.assertProblem(pf.postJson("/cpm/v1/sessions", open), 409);
        assertThat(pf.get("/cpm/v1/sessions/contrib-s1").json().get("state").asText()).isEqualTo("closed");
    }

    @Test
    void groupSessionStoresTheGroupStateObject() throws Exception {
        CpmHttpClient.Reply opened = pf.postJson("/cpm/v1/sessions", "{\"conversationId\":\"conv-g1\",\"contributionId\":\"contrib-g1\","
            + "\"from\":\"" + ALICE_URI + "\",\"to\":\"sip:conference@conf.example.net\",\"group\":true,\"subject\":\"Team\","
            + "\"participants\":[\"" + BOB_URI + "\",\"tel:+33611111111\"]}");
        storedFor(opened, 201, ALICE);
        storedFor(opened, 201, BOB);
        CpmHttpClient.Reply gso = pf.postJson("/cpm/v1/sessions/contrib-g1/group-state", "{\"timestamp\":\"2024-05-01T10:00:00Z\","
            + "\"lastFocusSessionId\":\"sip:focus@conf.example.net\",\"groupType\":\"Closed\","
            + "\"participants\":[{\"name\":\"Alice\",\"commAddr\":\"" + ALICE_URI + "\"},{\"commAddr\":\"" + BOB_URI + "\"}]}");
        JsonNode outcome = storedFor(gso, 201, ALICE);
        assertThat(outcome.get("folder").asText()).isEqualTo("Default/conv-g1/contrib-g1");
        assertThat(fetchOverImap(ALICE, outcome)).contains("Application/group-state-object+xml").contains("sip:focus@conf.example.net");
    }

    @Test
    void fileTransferWithThumbnailIsOneObject() throws Exception {
        byte[] file = "the minutes of the meeting".getBytes(StandardCharsets.UTF_8);
        CpmHttpClient.Reply reply = pf.postMultipart("/cpm/v1/file-transfers", new CpmHttpClient.Multipart()
            .json("metadata", "{\"from\":\"" + ALICE_URI + "\",\"to\":\"" + BOB_URI + "\",\"conversationId\":\"conv-ft\","
                + "\"contributionId\":\"contrib-ft\",\"imdnMessageId\":\"ft-1\"}")
            .part("file", "minutes.txt", "text/plain", file)
            .part("thumbnail", "thumb.png", "image/png", new byte[] {1, 2, 3}));
        String stored = fetchOverImap(BOB, storedFor(reply, 201, BOB));
        assertThat(stored).contains("Application/X-CPM-File-Transfer").contains("minutes.txt").contains("a=file-icon:cid:");
        assertThat(pf.postMultipart("/cpm/v1/file-transfers", new CpmHttpClient.Multipart()
            .json("metadata", "{\"from\":\"" + ALICE_URI + "\",\"to\":\"" + BOB_URI + "\",\"conversationId\":\"conv-ft\","
                + "\"contributionId\":\"contrib-ft\",\"imdnMessageId\":\"ft-1\"}")
            .part("file", "minutes.txt", "text/plain", file)
            .part("thumbnail", "thumb.png", "image/png", new byte[] {1, 2, 3})).status()).isEqualTo(200);
    }

    @Test
    void deferredHandOverIsDeliveredToTheRecipientWithItsExpiry() throws Exception {
        CpmHttpClient.Reply reply = pf.postJson("/cpm/v1/deferred-messages", "{\"from\":\"" + ALICE_URI + "\",\"to\":\"" + BOB_URI + "\","
            + "\"conversationId\":\"conv-d\",\"imdnMessageId\":\"d-1\",\"text\":\"while you were away\","
            + "\"expires\":\"2099-01-01T00:00:00Z\",\"dispositionNotification\":[\"positive-delivery\"]}");
        JsonNode bob = storedFor(reply, 201, BOB);
        assertThat(reply.json().get("owners").has(ALICE)).isFalse();
        // issue 7: the requested expiry is capped at now + cpm.deferred.expiry.max (docs/deferred.md)
        assertThat(fetchOverImap(BOB, bob)).contains("IMDN-Message-ID: d-1").contains("Expires: ").doesNotContain("2099");
    }

    @Test
    void aSigkillRightAfterA201LosesNothing() throws Exception {
        CpmMssTestServer forked = CpmMssTestServer.withFreshData(work.resolve("forked"), Map.of("cpm.http.tokens", PF_TOKEN + ":pf"));
        forked.replace("domainlist.xml", "<defaultDomain>localhost</defaultDomain>", "<defaultDomain>" + DOMAIN + "</defaultDomain>");
        try (forked) {
            forked.startForked();
            forked.webAdmin().addDomain(DOMAIN);
            forked.webAdmin().addUser(ALICE, PASSWORD);
            forked.webAdmin().addUser(BOB, PASSWORD);
            CpmHttpClient client = CpmHttpClient.bearer(forked.httpPort(), PF_TOKEN);
            CpmHttpClient.Reply open = client.postJson("/cpm/v1/sessions", "{\"conversationId\":\"conv-k\",\"contributionId\":\"contrib-k\","
                + "\"from\":\"" + ALICE_URI + "\",\"to\":\"" + BOB_URI + "\"}");
            assertThat(open.status()).as(open.toString()).isEqualTo(201);
            CpmHttpClient.Reply reply = client.postJson("/cpm/v1/standalone-messages", standalone("kill-1", "survives a SIGKILL"));
            JsonNode bob = storedFor(reply, 201, BOB);
            forked.killForked();

            forked.startForked();
            try (ImapConnection imap = ImapConnection.login(forked.imapPort(), BOB, PASSWORD)) {
                imap.expectOk("SELECT \"" + bob.get("folder").asText() + "\"");
                assertThat(String.join("\n", imap.expectOk("UID FETCH " + bob.get("uid").asLong() + " (BODY.PEEK[])")))
                    .contains("survives a SIGKILL");
            }
            CpmHttpClient after = CpmHttpClient.bearer(forked.httpPort(), PF_TOKEN);
            assertThat(after.get("/cpm/v1/sessions/contrib-k").json().get("state").asText()).isEqualTo("open");
        }
    }
}
