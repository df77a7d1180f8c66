package org.cpmmss.james.deferred;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.recording.pipeline.TemporaryObjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.internet.MimeMessage;
import javax.sip.message.Request;

import org.awaitility.Awaitility;
import org.cpmmss.recording.port.DeferredQueue;
import org.cpmmss.james.sip.SipBridgeProbe;
import org.cpmmss.james.sip.SipTestClient;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.cpmmss.james.testing.TestClock;
import org.cpmmss.recording.preferences.CpmPreference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The deferred queue of options 1 and 2 end to end on one real server: LMTP, HTTP and SIP in, the queue listed and
 * acted on over HTTP (java.net.http), IMAP to check what reached the store, GreenMail as the interworking relay, a
 * SIP client for do-not-disturb, and an injected clock for expiry.
 */
class DeferredQueueTest {
    static final String DOMAIN = "example.com";
    static final String PF_TOKEN = "Qp7mZ2xW9vL4kT8rNn";
    static final String OPERATOR_TOKEN = "Op5tR3yU8iO1pA6sDd";
    static final TestClock CLOCK = TestClock.running();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static final int relayPort = CpmMssTestServer.freePort();

    static GreenMail interworking;
    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .prepare(configured -> {
            interworking = new GreenMail(new ServerSetup(relayPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            interworking.start();
        })
        .cpmProperty("cpm.deferred.interworking-relay", "127.0.0.1:" + relayPort)
        .cpmProperty("cpm.deferred.sweep-interval", "PT1H")
        .cpmProperty("cpm.http.tokens", PF_TOKEN + ":pf," + OPERATOR_TOKEN + ":operator")
        .override(binder -> binder.bind(java.time.Clock.class).toInstance(CLOCK))
        .domain(DOMAIN)
        .build();

    @AfterAll
    static void stopRelay() {
        interworking.stop();
    }

    // ---- fixtures ----------------------------------------------------------------------------------------------

    static String user(String number, String deferredDelivery) throws Exception {
        String account = number + "@" + DOMAIN;
        server.webAdmin().addUser(account, "pw");
        if (deferredDelivery != null) {
            preference(account, "deferred-delivery", deferredDelivery);
        }
        return account;
    }

    static void preference(String account, String entry, String value) throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), account, "pw")) {
            String key = CpmPreference.byEntry("/private/vendor/cpm/" + entry).orElseThrow().entry();
            imap.expectOk("SETMETADATA INBOX (" + key + " \"" + value + "\")");
        }
    }

    static byte[] deferred(String fromNumber, String to, String imdnId, String text, Instant expires) {
        return DeferredHandOverTest.bytes("Date: Fri, 25 Mar 2016 10:45:41 +0100\n"
            + "From: tel:" + fromNumber + "\n"
            + "To: " + to + "\n"
            + "Subject: about " + imdnId + "\n"
            + "Conversation-ID: q-conv-" + imdnId + "\n"
            + "Contribution-ID: q-c-" + imdnId + "\n"
            + "IMDN-Message-ID: " + imdnId + "\n"
            + "CPM-Delivery: deferred-handover\n"
            + (expires == null ? "" : "Expires: " + TemporaryObjects.format(expires) + "\n")
            + "MIME-Version: 1.0\n"
            + "Content-Type: message/cpim\n"
            + "\n"
            + "From: <tel:" + fromNumber + ">\n"
            + "To: <" + to + ">\n"
            + "NS: imdn <urn:ietf:params:imdn>\n"
            + "imdn.Message-ID: " + imdnId + "\n"
            + "DateTime: 2016-03-25T10:45:40+01:00\n"
            + "imdn.Disposition-Notification: positive-delivery, display\n"
            + "\n"
            + "Content-Type: text/plain; charset=utf-8\n"
            + "\n"
            + text + "\n");
    }

    static List<String> lmtp(String owner, byte[] object) throws Exception {
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), List.of(owner), object);
    }

    static Instant inHours(int hours) {
        return CLOCK.instant().plus(Duration.ofHours(hours)).truncatedTo(ChronoUnit.SECONDS);
    }

    record Reply(int status, String contentType, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    static String basic(String account) {
        return "Basic " + Base64.getEncoder().encodeToString((account + ":pw").getBytes(StandardCharsets.UTF_8));
    }

    static Reply http(String method, String path, String authorization, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/cpm/v1" + path))
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    static JsonNode listing(String account) throws Exception {
        Reply r = http("GET", "/users/" + account + "/deferred", basic(account), null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("entries");
    }

    static long onlyEntryId(String account) throws Exception {
        JsonNode entries = listing(account);
        assertThat(entries).hasSize(1);
        return entries.get(0).get("id").asLong();
    }

    static String folder(String peerNumber) {
        return "\"Default/tel:" + peerNumber + "\"";
    }

    /** The messages of a folder: the lines of a FETCH of everything (empty when the folder does not exist). */
    static String folderContent(String account, String peerNumber) throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), account, "pw")) {
            List<String> select = imap.command("SELECT " + folder(peerNumber));
            if (!select.get(select.size() - 1).startsWith(imap.lastTag() + " OK")) {
                return "";
            }
            return String.join("\n", imap.command("UID FETCH 1:* (UID FLAGS BODY.PEEK[])"));
        }
    }

    static DeferredQueue queue() {
        return server.guice().getProbe(SipBridgeProbe.class).deferredQueue();
    }

    static ExpirySweeper.Result sweep() {
        return server.guice().getProbe(DeferredProbe.class).sweep();
    }

    // ---- entry from every door ---------------------------------------------------------------------------------

    @Test
    void lmtpDeferredMessageForANotifyUserIsQueuedNotStoredAndListed() throws Exception {
        String bob = user("+33620000002", "notify");
        Instant expires = inHours(48);
        List<String> reply = lmtp(bob, deferred("+33620000001", "tel:+33620000002", "q-1", "queued one", expires));
        assertThat(reply).singleElement().asString()
            .isEqualTo("250 2.0.0 <" + bob + "> queued for deferred delivery: notify");
        assertThat(folderContent(bob, "+33620000001")).as("nothing reached the store").doesNotContain("q-1");

        JsonNode entries = listing(bob);
        assertThat(entries).hasSize(1);
        JsonNode e = entries.get(0);
        assertThat(e.get("subject").asText()).isEqualTo("about q-1");
        assertThat(e.get("originator").asText()).isEqualTo("tel:+33620000001");
        assertThat(e.get("date").asText()).isEqualTo("2016-03-25T09:45:41Z");
        assertThat(e.get("size").asInt()).isEqualTo(deferred("+33620000001", "tel:+33620000002", "q-1", "queued one", expires).length);
        assertThat(e.get("expires").asText()).isEqualTo(expires.toString());
        assertThat(e.get("state").asText()).isEqualTo("queued");
        assertThat(e.get("imdnMessageId").asText()).isEqualTo("q-1");

        // a PF resend is the same entry
        assertThat(lmtp(bob, deferred("+33620000001", "tel:+33620000002", "q-1", "queued one", expires))).singleElement()
            .asString().isEqualTo("250 2.0.0 <" + bob + "> already queued for deferred delivery: notify");
        assertThat(listing(bob)).hasSize(1);
    }

    @Test
    void httpDeferredMessageForAPushUserIsAnswered202Queued() throws Exception {
        String carol = user("+33620000012", "push");
        Reply r = http("POST", "/deferred-messages", "Bearer " + PF_TOKEN, "{\"from\":\"tel:+33620000011\","
            + "\"to\":[\"tel:+33620000012\"],\"conversationId\":\"q-conv-http\",\"contributionId\":\"q-c-http\","
            + "\"imdnMessageId\":\"q-http-1\",\"text\":\"over http\",\"expires\":\"" + inHours(5) + "\","
            + "\"owners\":[\"" + carol + "\"]}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("status").asText()).isEqualTo("queued");
        assertThat(r.json().get("owners").get(carol).get("outcome").asText()).isEqualTo("held");
        assertThat(listing(carol)).singleElement().satisfies(e -> assertThat(e.get("imdnMessageId").asText()).isEqualTo("q-http-1"));
        assertThat(folderContent(carol, "+33620000011")).doesNotContain("q-http-1");
    }

    @Test
    void spooledSmtpDeferredMessageIsQueuedToo() throws Exception {
        String olga = user("+33620000122", "push");
        try (MailDoorClient smtp = MailDoorClient.smtp(server.smtpPort())) {
            assertThat(smtp.send("pf@pf.test", List.of(olga), deferred("+33620000121", "tel:+33620000122", "q-smtp", "spooled", inHours(5))))
                .allSatisfy(line -> assertThat(line).startsWith("250"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> queue().list(olga).size() == 1);
        assertThat(listing(olga)).singleElement().satisfies(e -> assertThat(e.get("imdnMessageId").asText()).isEqualTo("q-smtp"));
        assertThat(folderContent(olga, "+33620000121")).doesNotContain("q-smtp");
    }

    @Test
    void oneMailWithAQueuedAHandedOverAndTheOriginatorOwnerGetsThreeAnswers() throws Exception {
        String ann = user("+33620000131", null);
        String ben = user("+33620000132", "notify");
        String cid = user("+33620000133", null);
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            List<String> replies = lmtp.send("pf@pf.test", List.of(ann, ben, cid),
                deferred("+33620000131", "tel:+33620000132", "q-mixed", "three owners", inHours(5)));
            assertThat(replies).hasSize(3);
            assertThat(replies.get(0)).isEqualTo("250 2.0.0 <" + ann + "> not recorded (policy)"); // the originator of a hand-over
            assertThat(replies.get(1)).isEqualTo("250 2.0.0 <" + ben + "> queued for deferred delivery: notify");
            assertThat(replies.get(2)).startsWith("250").contains("<" + cid + "> stored in Default/tel:+33620000131");
        }
        assertThat(listing(ben)).hasSize(1);
        assertThat(listing(cid)).isEmpty();
        assertThat(folderContent(ben, "+33620000131")).doesNotContain("q-mixed");
        assertThat(folderContent(cid, "+33620000131")).contains("q-mixed", "$cpm-temporary");
    }

    @Test
    void aHandoverUserStillGetsATemporaryObject() throws Exception {
        String dan = user("+33620000022", null);
        assertThat(lmtp(dan, deferred("+33620000021", "tel:+33620000022", "q-ho", "to the store", inHours(5))))
            .singleElement().asString().startsWith("250").contains("stored in Default/tel:+33620000021");
        assertThat(listing(dan)).isEmpty();
        assertThat(folderContent(dan, "+33620000021")).contains("$cpm-temporary", "q-ho");
    }

    // ---- actions -----------------------------------------------------------------------------------------------

    @Test
    void retrieveReturnsTheObjectAndRemovesIt() throws Exception {
        String erin = user("+33620000032", "notify");
        byte[] object = deferred("+33620000031", "tel:+33620000032", "q-get", "take me", inHours(5));
        lmtp(erin, object);
        long id = onlyEntryId(erin);
        Reply r = http("POST", "/users/" + erin + "/deferred/" + id + "/retrieve", basic(erin), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("message/rfc822");
        assertThat(r.body()).isEqualTo(new String(object, StandardCharsets.UTF_8));
        assertThat(listing(erin)).isEmpty();
        assertThat(http("POST", "/users/" + erin + "/deferred/" + id + "/retrieve", basic(erin), null).status()).isEqualTo(404);
        assertThat(folderContent(erin, "+33620000031")).doesNotContain("q-get");
    }

    @Test
    void discardRemovesWithoutStoring() throws Exception {
        String fay = user("+33620000042", "notify");
        lmtp(fay, deferred("+33620000041", "tel:+33620000042", "q-del-1", "bin", inHours(5)));
        lmtp(fay, deferred("+33620000041", "tel:+33620000042", "q-del-2", "bin too", inHours(5)));
        JsonNode entries = listing(fay);
        assertThat(entries).hasSize(2);
        Reply posted = http("POST", "/users/" + fay + "/deferred/" + entries.get(0).get("id").asLong() + "/discard", basic(fay), null);
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        assertThat(posted.json().get("action").asText()).isEqualTo("discarded");
        Reply deleted = http("DELETE", "/users/" + fay + "/deferred/" + entries.get(1).get("id").asLong(), "Bearer " + PF_TOKEN, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(listing(fay)).isEmpty();
        assertThat(folderContent(fay, "+33620000041")).doesNotContain("q-del");
    }

    @Test
    void deliverHandsItOverToTheStoreAsATemporaryObject() throws Exception {
        String gus = user("+33620000052", "push");
        Instant expires = inHours(30);
        lmtp(gus, deferred("+33620000051", "tel:+33620000052", "q-dlv", "now in the store", expires));
        long id = onlyEntryId(gus);
        Reply r = http("POST", "/users/" + gus + "/deferred/" + id + "/deliver", "Bearer " + PF_TOKEN, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("outcome").asText()).isEqualTo("stored");
        assertThat(r.json().get("folder").asText()).isEqualTo("Default/tel:+33620000051");
        assertThat(listing(gus)).isEmpty();
        assertThat(folderContent(gus, "+33620000051")).contains("q-dlv", "$cpm-temporary", "Message-Direction: received",
            "Expires: " + TemporaryObjects.format(expires)).doesNotContain("\\Seen");
        // the stored temporary object then expires like any hand-over
        CLOCK.advance(Duration.ofHours(31));
        assertThat(sweep().expunged()).isGreaterThanOrEqualTo(1);
        assertThat(folderContent(gus, "+33620000051")).doesNotContain("q-dlv");
    }

    @Test
    void keepLeavesItQueuedAsKeptAndNoLongerPending() throws Exception {
        String hal = user("+33620000062", "push");
        lmtp(hal, deferred("+33620000061", "tel:+33620000062", "q-keep", "keep me", inHours(5)));
        long id = onlyEntryId(hal);
        Reply r = http("POST", "/users/" + hal + "/deferred/" + id + "/keep", basic(hal), null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("state").asText()).isEqualTo("kept");
        assertThat(listing(hal)).singleElement().satisfies(e -> assertThat(e.get("state").asText()).isEqualTo("kept"));
        assertThat(queue().pending(hal, Instant.now())).as("a kept entry is not pushed").isEmpty();
    }

    @Test
    void interworkRelaysItAndRemovesItOnlyOnceTheRelayAcceptedIt() throws Exception {
        String ida = user("+33620000072", "notify");
        lmtp(ida, deferred("+33620000071", "tel:+33620000072", "q-iw", "by SMS please", inHours(5)));
        long id = onlyEntryId(ida);

        interworking.stop();
        Reply failed = http("POST", "/users/" + ida + "/deferred/" + id + "/interwork", basic(ida), null);
        assertThat(failed.status()).as(failed.body()).isEqualTo(502);
        assertThat(failed.contentType()).startsWith("application/problem+json");
        assertThat(failed.json().get("detail").asText()).contains("stays queued");
        assertThat(listing(ida)).hasSize(1);

        interworking = new GreenMail(new ServerSetup(relayPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        interworking.start();
        Reply ok = http("POST", "/users/" + ida + "/deferred/" + id + "/interwork", basic(ida), null);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("action").asText()).isEqualTo("interworked");
        assertThat(interworking.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage relayed = interworking.getReceivedMessages()[0];
        assertThat(GreenMailUtil.getWholeMessage(relayed)).contains("IMDN-Message-ID: q-iw", "by SMS please");
        assertThat(interworking.getUserManager().getUserByEmail(ida)).as("envelope recipient").isNotNull();
        assertThat(listing(ida)).isEmpty();
        assertThat(folderContent(ida, "+33620000071")).doesNotContain("q-iw");
    }

    @Test
    void onlyAPfTokenOrTheUserReachesAQueue() throws Exception {
        String jo = user("+33620000082", "notify");
        String kim = user("+33620000083", "notify");
        lmtp(jo, deferred("+33620000081", "tel:+33620000082", "q-acl", "mine", inHours(5)));
        long id = onlyEntryId(jo);
        assertThat(http("GET", "/users/" + jo + "/deferred", null, null).status()).isEqualTo(401);
        Reply other = http("GET", "/users/" + jo + "/deferred", basic(kim), null);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(http("POST", "/users/" + jo + "/deferred/" + id + "/discard", basic(kim), null).status()).isEqualTo(403);
        assertThat(http("GET", "/users/" + jo + "/deferred", "Bearer " + OPERATOR_TOKEN, null).status()).isEqualTo(403);
        // another user's entry through one's own path is unknown
        assertThat(http("POST", "/users/" + kim + "/deferred/" + id + "/discard", basic(kim), null).status()).isEqualTo(404);
        assertThat(http("POST", "/users/" + jo + "/deferred/999999/keep", basic(jo), null).status()).isEqualTo(404);
        assertThat(http("POST", "/users/" + jo + "/deferred/abc/keep", basic(jo), null).status()).isEqualTo(404);
        assertThat(http("GET", "/users/nobody@" + DOMAIN + "/deferred", "Bearer " + PF_TOKEN, null).status()).isEqualTo(404);
        assertThat(http("GET", "/users/" + jo + "/deferred", "Bearer " + PF_TOKEN, null).status()).isEqualTo(200);
        assertThat(listing(jo)).hasSize(1);
    }

    // ---- expiry ------------------------------------------------------------------------------------------------

    @Test
    void atExpiryAnEntryIsDeletedWhenTheUserSaysDelete() throws Exception {
        String lea = user("+33620000092", "notify");
        preference(lea, "deferred-expiry", "delete");
        lmtp(lea, deferred("+33620000091", "tel:+33620000092", "q-exp-del", "gone", inHours(2)));
        CLOCK.advance(Duration.ofHours(1));
        sweep();
        assertThat(listing(lea)).as("not before its expiry").hasSize(1);
        CLOCK.advance(Duration.ofHours(2));
        ExpirySweeper.Result result = sweep();
        assertThat(result.queue().deleted()).isGreaterThanOrEqualTo(1);
        assertThat(listing(lea)).isEmpty();
        assertThat(folderContent(lea, "+33620000091")).doesNotContain("q-exp-del");
    }

    @Test
    void anEntryDeletedAtExpiryThatAskedForNegativeDeliveryNotifiesItsHostedOriginator() throws Exception {
        String originator = user("+33620000093", null);
        String ivy = user("+33620000094", "notify");
        preference(ivy, "deferred-expiry", "delete");
        // the originator's own copy of the message, which gets the tick
        lmtp(originator, new String(deferred("+33620000093", "tel:+33620000094", "q-exp-neg", "never read", null),
            StandardCharsets.UTF_8).replace("CPM-Delivery: deferred-handover\r\n", "").getBytes(StandardCharsets.UTF_8));
        byte[] asked = new String(deferred("+33620000093", "tel:+33620000094", "q-exp-neg", "never read", inHours(2)),
            StandardCharsets.UTF_8).replace("positive-delivery, display", "positive-delivery, negative-delivery, display")
            .getBytes(StandardCharsets.UTF_8);
        assertThat(lmtp(ivy, asked)).singleElement().asString().contains("queued for deferred delivery");
        CLOCK.advance(Duration.ofHours(3));
        assertThat(sweep().queue().deleted()).isGreaterThanOrEqualTo(1);
        assertThat(listing(ivy)).isEmpty();

        String originatorFolder = folderContent(originator, "+33620000094");
        assertThat(originatorFolder).as("the negative delivery notification in the originator's conversation")
            .contains("<failed/>", "<message-id>q-exp-neg</message-id>");
        assertThat(originatorFolder).containsPattern("FLAGS \\([^)]*\\$delivery-failed");
    }

    @Test
    void atExpiryAnEntryIsHandedOverToTheStoreByDefault() throws Exception {
        String max = user("+33620000102", "push");
        lmtp(max, deferred("+33620000101", "tel:+33620000102", "q-exp-ho", "to the store at expiry", inHours(2)));
        CLOCK.advance(Duration.ofHours(3));
        Instant now = CLOCK.instant();
        ExpirySweeper.Result result = sweep();
        assertThat(result.queue().handedOver()).isGreaterThanOrEqualTo(1);
        assertThat(listing(max)).isEmpty();
        String stored = folderContent(max, "+33620000101");
        assertThat(stored).contains("q-exp-ho", "$cpm-temporary");
        // a temporary object for cpm.deferred.expiry.default (7 days) from the hand-over, not already expired
        Matcher m = Pattern.compile("Expires: ([^\r\n]+)").matcher(stored);
        assertThat(m.find()).isTrue();
        assertThat(TemporaryObjects.parseDate(m.group(1)).orElseThrow())
            .isBetween(now.plus(Duration.ofDays(7)).minusSeconds(5), now.plus(Duration.ofDays(7)).plusSeconds(60));
        sweep();
        assertThat(folderContent(max, "+33620000101")).contains("q-exp-ho");
    }

    // ---- do-not-disturb ----------------------------------------------------------------------------------------

    @Test
    void doNotDisturbHoldsThePushAndLiftingItOverImapReleasesItWithoutANewRegister() throws Exception {
        String nia = "nia@" + DOMAIN;
        server.webAdmin().addUser(nia, "pw");
        preference(nia, "deferred-delivery", "push");
        preference(nia, "do-not-disturb", "on");
        try (SipTestClient device = new SipTestClient()) {
            assertThat(device.send(device.register("udp", server.sipPort(), "sip:" + nia, device.contact("nia", "udp"), null, 600))
                .getStatusCode()).isEqualTo(200);
            assertThat(lmtp(nia, deferred("+33620000111", "sip:" + nia, "q-dnd", "after dnd", inHours(5)))).singleElement()
                .asString().contains("queued for deferred delivery: push");
            assertThat(device.received().poll(2, TimeUnit.SECONDS)).as("held by do-not-disturb").isNull();
            assertThat(listing(nia)).hasSize(1);

            preference(nia, "do-not-disturb", "off");
            Request pushed = device.received().poll(10, TimeUnit.SECONDS);
            assertThat(pushed).as("released when do-not-disturb is lifted").isNotNull();
            assertThat(SipTestClient.body(pushed)).contains("imdn.Message-ID: q-dnd", "after dnd");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> queue().list(nia).isEmpty());
            device.send(device.register("udp", server.sipPort(), "sip:" + nia, "*", null, 0));
        }
    }
}
