package org.cpmmss.james.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.cpmmss.james.notifications.NegativeDeliveryNotifier;
import org.cpmmss.james.notifications.NotificationsProbe;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Disposition notifications through the HTTP door and {@code GET /cpm/v1/users/{user}/dispositions/{id}}: two
 * devices of one user report delivery and display, the originator keeps one of each and the ticks (checked over
 * IMAP and over HTTP), {@code $read-report-sent} in the reporter's store, access rules, and the negative delivery
 * notification of a message ingested over HTTP.
 */
class DispositionHttpTest {
    static final String PF_TOKEN = "pf-token-disp-0123456789";
    static final String OPERATOR_TOKEN = "op-token-disp-0123456789";
    static final String DOMAIN = "example.com";
    static final String ALICE_URI = "tel:+33613000001";
    static final String BOB_URI = "tel:+33613000002";
    static final String ALICE = "+33613000001@example.com";
    static final String BOB = "+33613000002@example.com";
    static final String PASSWORD = "secret";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.http.tokens", PF_TOKEN + ":pf," + OPERATOR_TOKEN + ":operator")
        .defaultDomain(DOMAIN)
        .domain(DOMAIN).user(ALICE, PASSWORD).user(BOB, PASSWORD)
        .build();
    static CpmHttpClient pf;
    static CpmHttpClient operator;

    @BeforeAll
    static void clients() throws Exception {
        pf = CpmHttpClient.bearer(server.httpPort(), PF_TOKEN);
        operator = CpmHttpClient.bearer(server.httpPort(), OPERATOR_TOKEN);
    }

    static CpmHttpClient.Reply notification(String contribution, String id, String about, String kind, String status)
            throws Exception {
        return pf.postJson("/cpm/v1/sessions/" + contribution + "/notifications", "{\"imdnMessageId\":\"" + id
            + "\",\"from\":\"" + BOB_URI + "\",\"messageId\":\"" + about + "\",\"kind\":\"" + kind + "\",\"status\":\""
            + status + "\"}");
    }

    static String imapFolder(String user, String folder) throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), user, PASSWORD)) {
            imap.expectOk("SELECT \"" + folder + "\"");
            return String.join("\n", imap.expectOk("UID FETCH 1:* (FLAGS BODY.PEEK[])"));
        }
    }

    static long occurrences(String text, String marker) {
        return text.split(java.util.regex.Pattern.quote(marker), -1).length - 1;
    }

    @Test
    void twoDevicesReportOverHttpTheOriginatorKeepsOneOfEachWithTheTicks() throws Exception {
        assertThat(pf.postJson("/cpm/v1/sessions", "{\"conversationId\":\"dh-conv\",\"contributionId\":\"dh-1\",\"from\":\""
            + ALICE_URI + "\",\"to\":\"" + BOB_URI + "\",\"subject\":\"Ticks\"}").status()).isEqualTo(201);
        assertThat(pf.postJson("/cpm/v1/sessions/dh-1/messages", "{\"imdnMessageId\":\"dh-m1\",\"from\":\"" + ALICE_URI
            + "\",\"text\":\"Seen it?\",\"dispositionNotification\":[\"positive-delivery\",\"display\"]}").status()).isEqualTo(201);
        // Bob's phone and Bob's tablet each report delivery, then display
        assertThat(notification("dh-1", "dh-d-phone", "dh-m1", "delivery", "delivered").status()).isEqualTo(201);
        CpmHttpClient.Reply second = notification("dh-1", "dh-d-tablet", "dh-m1", "delivery", "delivered");
        assertThat(second.status()).as(second.toString()).isBetween(200, 201);
        assertThat(second.toString()).contains("suppressed (first-wins)");
        assertThat(notification("dh-1", "dh-s-tablet", "dh-m1", "display", "displayed").status()).isEqualTo(201);
        assertThat(notification("dh-1", "dh-s-phone", "dh-m1", "display", "displayed").toString())
            .contains("suppressed (first-wins)");

        CpmHttpClient.Reply view = operator.get("/cpm/v1/users/" + ALICE + "/dispositions/dh-m1");
        assertThat(view.status()).as(view.toString()).isEqualTo(200);
        JsonNode json = view.json();
        assertThat(json.get("stored").get("keywords").toString()).contains("$delivered").contains("$displayed");
        assertThat(json.get("delivered").toString()).contains(BOB_URI);
        assertThat(json.get("displayed").toString()).contains(BOB_URI);
        assertThat(json.get("reports")).hasSize(2);
        String folder = json.get("stored").get("folder").asText();
        String aliceFolder = imapFolder(ALICE, folder);
        assertThat(occurrences(aliceFolder, "<delivered/>")).isEqualTo(1);
        assertThat(occurrences(aliceFolder, "<displayed/>")).isEqualTo(1);

        // the reporter's own store: $read-report-sent, readable by Bob himself
        CpmHttpClient.Reply bobs = CpmHttpClient.basic(server.httpPort(), BOB, PASSWORD).get("/cpm/v1/users/" + BOB + "/dispositions/dh-m1");
        assertThat(bobs.status()).as(bobs.toString()).isEqualTo(200);
        assertThat(bobs.json().get("stored").get("keywords").toString()).contains("$read-report-sent");
    }

    @Test
    void onlyAnOperatorOrTheUserReadsTheDispositions() throws Exception {
        assertThat(pf.postJson("/cpm/v1/standalone-messages", "{\"from\":\"" + ALICE_URI + "\",\"to\":[\"" + BOB_URI
            + "\"],\"conversationId\":\"dh-conv-2\",\"imdnMessageId\":\"dh-a1\",\"text\":\"x\"}").status()).isEqualTo(201);
        String path = "/cpm/v1/users/" + ALICE + "/dispositions/dh-a1";
        assertThat(CpmHttpClient.basic(server.httpPort(), ALICE, PASSWORD).get(path).status()).isEqualTo(200);
        assertThat(CpmHttpClient.basic(server.httpPort(), BOB, PASSWORD).get(path).status()).isEqualTo(403);
        assertThat(pf.get(path).status()).isEqualTo(403);
        assertThat(CpmHttpClient.anonymous(server.httpPort()).get(path).status()).isEqualTo(401);
        CpmHttpClient.Reply unknown = operator.get("/cpm/v1/users/" + ALICE + "/dispositions/no-such-message");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.toString()).contains("no-such-message");
        assertThat(operator.get("/cpm/v1/users/nobody@example.com/dispositions/dh-a1").status()).isEqualTo(404);
    }

    @Test
    void aMessageIngestedOverHttpThatCannotBeDeliveredGetsItsNegativeNotification() throws Exception {
        CpmHttpClient.Reply sent = pf.postJson("/cpm/v1/standalone-messages", "{\"from\":\"" + ALICE_URI + "\",\"to\":[\""
            + BOB_URI + "\"],\"conversationId\":\"dh-conv-3\",\"imdnMessageId\":\"dh-n1\",\"text\":\"lost\","
            + "\"dispositionNotification\":[\"negative-delivery\"],\"owners\":[\"" + ALICE + "\"]}");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        // the stored object's bytes, as a caller (deferred queue expiry, failed hand-over) would pass them
        CpmHttpClient.Reply view = operator.get("/cpm/v1/users/" + ALICE + "/dispositions/dh-n1");
        long uid = view.json().get("stored").get("uid").asLong();
        String folder = view.json().get("stored").get("folder").asText();
        byte[] raw;
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            imap.expectOk("SELECT \"" + folder + "\"");
            String fetched = String.join("\r\n", imap.expectOk("UID FETCH " + uid + " (BODY.PEEK[])"));
            String literal = fetched.substring(fetched.indexOf("}\r\n") + 3, fetched.lastIndexOf(")"));
            raw = literal.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(server.guice().getProbe(NotificationsProbe.class).notifyFailed(raw, BOB_URI, "test: not deliverable"))
            .isEqualTo(NegativeDeliveryNotifier.Result.NOTIFIED);
        JsonNode after = operator.get("/cpm/v1/users/" + ALICE + "/dispositions/dh-n1").json();
        assertThat(after.get("stored").get("keywords").toString()).contains("$delivery-failed");
        assertThat(after.get("failed").toString()).contains(BOB_URI);
        assertThat(imapFolder(ALICE, folder)).contains("<failed/>").contains("<message-id>dh-n1</message-id>");
    }
}
