package org.cpmmss.james.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.sip.SipFixtures.PASSWORD;
import static org.cpmmss.james.sip.SipFixtures.cpim;
import static org.cpmmss.james.sip.SipFixtures.delivered;
import static org.cpmmss.james.sip.SipFixtures.search;
import static org.cpmmss.james.sip.SipFixtures.setPreference;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sip.header.ContactHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.awaitility.Awaitility;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.recording.port.DeferredQueue;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SIP bridge of a booted server, driven by JAIN-SIP agents over loopback and checked over IMAP. */
class SipBridgeTest {
    static final String DOMAIN = "example.com";
    static final String ALICE = "alice@example.com";
    static final String BOB = "bob@example.com";
    static final String CAROL = "carol@example.com"; // do-not-disturb
    static final String DAVE = "dave@example.com"; // reject-when-offline
    static final String ERIN = "erin@example.com"; // deferred-delivery push
    static final String FRANK = "frank@example.com"; // deferred-delivery push, do-not-disturb
    static final String GRACE = "grace@example.com"; // deferred-delivery notify

    static SipTestClient pf;
    static SipTestClient outboundPf;
    static int sip;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .prepare(configured -> {
            outboundPf = new SipTestClient();
            configured.replace("sipserver.properties", "sip.outbound.pf=", "sip.outbound.pf=sip:127.0.0.1:" + outboundPf.port() + ";transport=udp");
        })
        .replace("sipserver.properties", "sip.digest.users=", "sip.digest.users=pf1:pfsecret")
        .replace("sipserver.properties", "sip.max-message-size=1048576", "sip.max-message-size=20000")
        .replace("mailetcontainer.xml", "<mailet match=\"RelayLimit=30\" class=\"Null\"/>",
            "<mailet match=\"RelayLimit=30\" class=\"Null\"/>\n"
                + "<mailet match=\"HasHeader=X-Test-Sip-Route\" class=\"org.cpmmss.james.sip.SendNotificationOverSip\"/>")
        .domain(DOMAIN)
        .user(ALICE, PASSWORD).user(BOB, PASSWORD).user(CAROL, PASSWORD).user(DAVE, PASSWORD).user(ERIN, PASSWORD)
        .user(FRANK, PASSWORD).user(GRACE, PASSWORD)
        .build();

    @BeforeAll
    static void preferencesAndClient() throws Exception {
        sip = server.sipPort();
        setPreference(server.imapPort(), CAROL, "do-not-disturb", "on");
        setPreference(server.imapPort(), DAVE, "reject-when-offline", "on");
        setPreference(server.imapPort(), ERIN, "deferred-delivery", "push");
        setPreference(server.imapPort(), FRANK, "deferred-delivery", "push");
        setPreference(server.imapPort(), FRANK, "do-not-disturb", "on");
        setPreference(server.imapPort(), GRACE, "deferred-delivery", "notify");
        pf = new SipTestClient();
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (pf != null) {
            pf.close();
        }
        outboundPf.close();
    }

    static Map<String, String> conversation(String conversationId, String contributionId) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Conversation-ID", conversationId);
        h.put("Contribution-ID", contributionId);
        h.put("P-Preferred-Service", "urn:urn-7:3gpp-service.ims.icsi.oma.cpm.msg");
        return h;
    }

    static Response message(String transport, String from, String to, Map<String, String> headers, byte[] body) throws Exception {
        return pf.send(pf.message(transport, sip, "sip:" + from, "sip:" + to, headers, "message/cpim", body));
    }

    static Map<String, String> handover(String conversationId, int expiresSeconds) {
        Map<String, String> h = conversation(conversationId, conversationId + "-c");
        h.put("CPM-Delivery", "deferred-handover");
        h.put("Expires", Integer.toString(expiresSeconds));
        return h;
    }

    // ---- recording (needs the issue 5 pipeline) --------------------------------------------------------------

    @Test
    void oneToOneMessageIsRecordedOnBothSidesBeforeThe200() throws Exception {
        Response r = message("udp", ALICE, BOB, conversation("conv-1", "contrib-1"), cpim("sip:" + ALICE, "sip:" + BOB, "sip-1to1-1", "Hello Bob"));
        assertThat(r.getStatusCode()).isEqualTo(200);
        // Answered after commit: visible at once, no waiting.
        List<String> sent = search(server.imapPort(), ALICE, "Default/sip:" + BOB, "IMDN-Message-ID", "sip-1to1-1");
        List<String> received = search(server.imapPort(), BOB, "Default/sip:" + ALICE, "IMDN-Message-ID", "sip-1to1-1");
        assertThat(sent).hasSize(1);
        assertThat(received).hasSize(1);
        assertThat(SipFixtures.fetchHeaders(server.imapPort(), ALICE, "Default/sip:" + BOB, sent.get(0)))
            .contains("Message-Direction: sent", "Conversation-ID: conv-1", "Contribution-ID: contrib-1");
        assertThat(SipFixtures.fetchHeaders(server.imapPort(), BOB, "Default/sip:" + ALICE, received.get(0)))
            .contains("Message-Direction: received");
        // The same MESSAGE again (a PF retry over TCP): success, nothing new stored.
        Response again = message("tcp", ALICE, BOB, conversation("conv-1", "contrib-1"), cpim("sip:" + ALICE, "sip:" + BOB, "sip-1to1-1", "Hello Bob"));
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(search(server.imapPort(), BOB, "Default/sip:" + ALICE, "IMDN-Message-ID", "sip-1to1-1")).hasSize(1);
        // the SIP door is timed under its own label in /metrics
        String metrics = server.webAdmin().send("GET", "/metrics", null).body();
        java.util.regex.Matcher count = java.util.regex.Pattern
            .compile("^cpm_door_requests_total\\{door=\"sip\",command=\"MESSAGE\"\\} (\\S+)$", java.util.regex.Pattern.MULTILINE)
            .matcher(metrics);
        assertThat(count.find()).as(metrics).isTrue();
        assertThat(Double.parseDouble(count.group(1))).isGreaterThanOrEqualTo(2);
        assertThat(metrics).contains("cpm_door_request_duration_seconds{door=\"sip\",command=\"MESSAGE\",quantile=\"0.99\"} ");
    }

    @Test
    void deferredHandOverIsStoredForTheRecipientOnlyWithItsMarkers() throws Exception {
        Response r = message("tcp", ALICE, BOB, handover("conv-ho", 86400), cpim("sip:" + ALICE, "sip:" + BOB, "sip-ho-1", "Deferred hello"));
        assertThat(r.getStatusCode()).isEqualTo(200);
        List<String> uids = search(server.imapPort(), BOB, "Default/sip:" + ALICE, "IMDN-Message-ID", "sip-ho-1");
        assertThat(uids).hasSize(1);
        assertThat(SipFixtures.fetchHeaders(server.imapPort(), BOB, "Default/sip:" + ALICE, uids.get(0)))
            .contains("CPM-Delivery: deferred-handover", "Expires: ", "Message-Direction: received");
        // A hand-over is delivery to the recipient: the originator gets no copy from it.
        assertThat(search(server.imapPort(), ALICE, "Default/sip:" + BOB, "IMDN-Message-ID", "sip-ho-1")).isEmpty();
    }

    @Test
    void deferredHandOverBecomesATemporaryObject() throws Exception {
        Response r = message("tcp", ALICE, BOB, handover("conv-ho2", 86400), cpim("sip:" + ALICE, "sip:" + BOB, "sip-ho-2", "Deferred"));
        assertThat(r.getStatusCode()).isEqualTo(200);
        List<String> uids = search(server.imapPort(), BOB, "Default/sip:" + ALICE, "IMDN-Message-ID", "sip-ho-2");
        assertThat(SipFixtures.fetchHeaders(server.imapPort(), BOB, "Default/sip:" + ALICE, uids.get(0)))
            .contains("$cpm-temporary")
            .doesNotContain("positive-delivery");
    }

    @Test
    void imdnIsHandedToTheNotificationPipelineForBothOwners() throws Exception {
        assertThat(message("udp", ALICE, BOB, conversation("conv-imdn", "contrib-imdn"),
            cpim("sip:" + ALICE, "sip:" + BOB, "sip-imdn-msg", "Did you get this?")).getStatusCode()).isEqualTo(200);
        Response first = message("udp", BOB, ALICE, conversation("conv-imdn", "contrib-imdn"),
            delivered("sip:" + BOB, "sip:" + ALICE, "sip-imdn-dlv-1", "sip-imdn-msg"));
        assertThat(first.getStatusCode()).isEqualTo(200);
        // Stored in the originator's store (received) and the reporter's (sent), in the conversation folder.
        List<String> atAlice = search(server.imapPort(), ALICE, "Default/sip:" + BOB, "IMDN-Message-ID", "sip-imdn-dlv-1");
        assertThat(atAlice).hasSize(1);
        assertThat(SipFixtures.fetchHeaders(server.imapPort(), ALICE, "Default/sip:" + BOB, atAlice.get(0)))
            .contains("Message-Direction: received", "Content-Type: message/cpim");
        assertThat(search(server.imapPort(), BOB, "Default/sip:" + ALICE, "IMDN-Message-ID", "sip-imdn-dlv-1")).hasSize(1);
    }

    @Test
    void imdnFirstWinsAcrossDevices() throws Exception {
        assertThat(message("udp", ALICE, BOB, conversation("conv-fw", "contrib-fw"),
            cpim("sip:" + ALICE, "sip:" + BOB, "sip-fw-msg", "Did you get this?")).getStatusCode()).isEqualTo(200);
        // Two of Bob's devices report delivery: the first is stored, the second is acknowledged and dropped.
        Response first = message("udp", BOB, ALICE, conversation("conv-fw", "contrib-fw"),
            delivered("sip:" + BOB, "sip:" + ALICE, "sip-fw-dlv-1", "sip-fw-msg"));
        Response second = message("tcp", BOB, ALICE, conversation("conv-fw", "contrib-fw"),
            delivered("sip:" + BOB, "sip:" + ALICE, "sip-fw-dlv-2", "sip-fw-msg"));
        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(second.getStatusCode()).isEqualTo(200);
        String folder = "Default/sip:" + BOB;
        assertThat(search(server.imapPort(), ALICE, folder, "IMDN-Message-ID", "sip-fw-dlv-1")).hasSize(1);
        assertThat(search(server.imapPort(), ALICE, folder, "IMDN-Message-ID", "sip-fw-dlv-2")).isEmpty();
        String original = search(server.imapPort(), ALICE, folder, "IMDN-Message-ID", "sip-fw-msg").get(0);
        assertThat(SipFixtures.fetchHeaders(server.imapPort(), ALICE, folder, original)).contains("$delivered");
    }

    // ---- preferences: do-not-disturb, offline, deferred queue ----------------------------------------------------

    @Test
    void doNotDisturbIsAnswered486AndNothingIsStored() throws Exception {
        Response r = message("udp", ALICE, CAROL, conversation("conv-dnd", "c-dnd"), cpim("sip:" + ALICE, "sip:" + CAROL, "sip-dnd-1", "psst"));
        assertThat(r.getStatusCode()).isEqualTo(486);
        assertThat(search(server.imapPort(), CAROL, "INBOX", "IMDN-Message-ID", "sip-dnd-1")).isEmpty();
        assertThat(search(server.imapPort(), ALICE, "INBOX", "IMDN-Message-ID", "sip-dnd-1")).isEmpty();
    }

    @Test
    void offlineRejectionIs480UntilAClientRegisters() throws Exception {
        Response offline = message("tcp", ALICE, DAVE, conversation("conv-off", "c-off"), cpim("sip:" + ALICE, "sip:" + DAVE, "sip-off-1", "there?"));
        assertThat(offline.getStatusCode()).isEqualTo(480);
        assertThat(search(server.imapPort(), DAVE, "INBOX", "IMDN-Message-ID", "sip-off-1")).isEmpty();

        try (SipTestClient device = new SipTestClient()) {
            Response reg = device.send(device.register("udp", sip, "sip:" + DAVE, device.contact("dave", "udp"), null, 600));
            assertThat(reg.getStatusCode()).isEqualTo(200);
            Response online = message("tcp", ALICE, DAVE, conversation("conv-off", "c-off"), cpim("sip:" + ALICE, "sip:" + DAVE, "sip-off-2", "now?"));
            assertThat(online.getStatusCode()).isNotEqualTo(480);
            assertThat(device.send(device.register("udp", sip, "sip:" + DAVE, device.contact("dave", "udp"), null, 0)).getStatusCode())
                .isEqualTo(200);
        }
        assertThat(message("udp", ALICE, DAVE, conversation("conv-off", "c-off"), cpim("sip:" + ALICE, "sip:" + DAVE, "sip-off-3", "gone?"))
            .getStatusCode()).isEqualTo(480);
    }

    @Test
    void handOverForAPushUserIsQueued202AndPushedWhenAClientRegisters() throws Exception {
        for (int i = 1; i <= 2; i++) {
            Response r = message("udp", ALICE, ERIN, handover("conv-push", 3600), cpim("sip:" + ALICE, "sip:" + ERIN, "sip-push-" + i, "queued " + i));
            assertThat(r.getStatusCode()).isEqualTo(202);
        }
        DeferredQueue queue = server.guice().getProbe(SipBridgeProbe.class).deferredQueue();
        assertThat(queue.list(ERIN)).hasSize(2);
        // Nothing reached the store: the queue holds them (options 1 and 2 of 5.2.5).
        assertThat(search(server.imapPort(), ERIN, "INBOX", "IMDN-Message-ID", "sip-push-1")).isEmpty();

        try (SipTestClient device = new SipTestClient()) {
            Response reg = device.send(device.register("tcp", sip, "sip:" + ERIN, device.contact("erin", "tcp"),
                "<urn:uuid:00000000-0000-0000-0000-00000000e001>", 600));
            assertThat(reg.getStatusCode()).isEqualTo(200);
            Request first = device.received().poll(10, TimeUnit.SECONDS);
            Request second = device.received().poll(10, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
            assertThat(SipTestClient.body(first)).contains("imdn.Message-ID: sip-push-1", "queued 1");
            assertThat(SipTestClient.body(second)).contains("imdn.Message-ID: sip-push-2");
            assertThat(first.getHeader("Content-Type").toString()).contains("message/cpim");
            assertThat(first.getHeader("Conversation-ID").toString()).contains("conv-push");
            assertThat(first.getRequestURI().toString()).contains("127.0.0.1:" + device.port());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> queue.list(ERIN).isEmpty());
            device.send(device.register("tcp", sip, "sip:" + ERIN, device.contact("erin", "tcp"),
                "<urn:uuid:00000000-0000-0000-0000-00000000e001>", 0));
        }
    }

    @Test
    void subsetsPushedToTwoDevicesCountAsDeliveredTogether() throws Exception {
        String user = ERIN;
        DeferredQueue queue = server.guice().getProbe(SipBridgeProbe.class).deferredQueue();
        for (int i = 1; i <= 3; i++) {
            assertThat(message("tcp", BOB, user, handover("conv-union", 3600), cpim("sip:" + BOB, "sip:" + user, "sip-union-" + i, "u" + i))
                .getStatusCode()).isEqualTo(202);
        }
        try (SipTestClient phone = new SipTestClient(); SipTestClient tablet = new SipTestClient()) {
            // The phone takes the first message and refuses the rest; they stay queued.
            phone.answerNext(200);
            phone.answerWith(480);
            phone.send(phone.register("udp", sip, "sip:" + user, phone.contact("erin", "udp"), "<urn:uuid:phone>", 600));
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> phone.received().size() == 3);
            assertThat(queue.list(user)).extracting(DeferredQueue.Entry::imdnMessageId)
                .containsExactly(java.util.Optional.of("sip-union-2"), java.util.Optional.of("sip-union-3"));
            // The tablet registers and gets the rest; the union is delivered and the queue is empty.
            tablet.send(tablet.register("udp", sip, "sip:" + user, tablet.contact("erin", "udp"), "<urn:uuid:tablet>", 600));
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> queue.list(user).isEmpty());
            assertThat(tablet.received()).extracting(SipTestClient::body)
                .anySatisfy(b -> assertThat(b).contains("sip-union-2"))
                .anySatisfy(b -> assertThat(b).contains("sip-union-3"))
                .noneSatisfy(b -> assertThat(b).contains("sip-union-1"));
            phone.send(phone.register("udp", sip, "sip:" + user, "*", null, 0));
        }
    }

    @Test
    void doNotDisturbHoldsThePushUntilItIsOff() throws Exception {
        DeferredQueue queue = server.guice().getProbe(SipBridgeProbe.class).deferredQueue();
        assertThat(message("udp", ALICE, FRANK, handover("conv-held", 3600), cpim("sip:" + ALICE, "sip:" + FRANK, "sip-held-1", "later"))
            .getStatusCode()).isEqualTo(202);
        try (SipTestClient device = new SipTestClient()) {
            assertThat(device.send(device.register("udp", sip, "sip:" + FRANK, device.contact("frank", "udp"), null, 600))
                .getStatusCode()).isEqualTo(200);
            assertThat(device.received().poll(2, TimeUnit.SECONDS)).isNull();
            assertThat(queue.list(FRANK)).hasSize(1);
            setPreference(server.imapPort(), FRANK, "do-not-disturb", "off");
            device.send(device.register("udp", sip, "sip:" + FRANK, device.contact("frank", "udp"), null, 600));
            assertThat(device.received().poll(10, TimeUnit.SECONDS)).isNotNull();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> queue.list(FRANK).isEmpty());
        } finally {
            setPreference(server.imapPort(), FRANK, "do-not-disturb", "on");
        }
    }

    @Test
    void notifyUserIsQueuedButNotPushed() throws Exception {
        DeferredQueue queue = server.guice().getProbe(SipBridgeProbe.class).deferredQueue();
        assertThat(message("udp", ALICE, GRACE, handover("conv-notify", 3600), cpim("sip:" + ALICE, "sip:" + GRACE, "sip-notify-1", "n"))
            .getStatusCode()).isEqualTo(202);
        try (SipTestClient device = new SipTestClient()) {
            device.send(device.register("udp", sip, "sip:" + GRACE, device.contact("grace", "udp"), null, 600));
            assertThat(device.received().poll(2, TimeUnit.SECONDS)).isNull();
        }
        assertThat(queue.list(GRACE)).hasSize(1);
    }

    // ---- the stack's sockets (start time: no TLS set up for udp and tcp) ------------------------------------------

    @Test
    void theStackMakesItsSocketsWithoutTlsAndAnswersOverUdpAndTcpAndConnectsOut() throws Exception {
        assertThat(server.guice().getProbe(SipBridgeProbe.class).networkLayer()).contains(PlainSocketsNetworkLayer.class);
        assertThat(message("udp", ALICE, BOB, conversation("conv-sock", "c-sock-1"),
            cpim("sip:" + ALICE, "sip:" + BOB, "sip-sock-1", "over udp")).getStatusCode()).isEqualTo(200);
        assertThat(message("tcp", ALICE, BOB, conversation("conv-sock", "c-sock-2"),
            cpim("sip:" + ALICE, "sip:" + BOB, "sip-sock-2", "over tcp")).getStatusCode()).isEqualTo(200);
        assertThat(search(server.imapPort(), BOB, "Default/sip:" + ALICE, "IMDN-Message-ID", "sip-sock-1")).hasSize(1);
        assertThat(search(server.imapPort(), BOB, "Default/sip:" + ALICE, "IMDN-Message-ID", "sip-sock-2")).hasSize(1);
        // a deferred object pushed to a device registered over tcp: the server connects out to its contact
        assertThat(message("udp", ALICE, ERIN, handover("conv-sock-push", 3600),
            cpim("sip:" + ALICE, "sip:" + ERIN, "sip-sock-push", "queued")).getStatusCode()).isEqualTo(202);
        try (SipTestClient device = new SipTestClient()) {
            assertThat(device.send(device.register("tcp", sip, "sip:" + ERIN, device.contact("erin", "tcp"),
                "<urn:uuid:00000000-0000-0000-0000-00000000e0f1>", 600)).getStatusCode()).isEqualTo(200);
            Request pushed = device.received().poll(10, TimeUnit.SECONDS);
            assertThat(pushed).isNotNull();
            assertThat(SipTestClient.body(pushed)).contains("imdn.Message-ID: sip-sock-push");
            device.send(device.register("tcp", sip, "sip:" + ERIN, device.contact("erin", "tcp"),
                "<urn:uuid:00000000-0000-0000-0000-00000000e0f1>", 0));
        }
    }

    // ---- registrar ---------------------------------------------------------------------------------------------

    @Test
    void registrarBindsRefreshesAndRemovesContacts() throws Exception {
        SipBridgeProbe probe = server.guice().getProbe(SipBridgeProbe.class);
        try (SipTestClient device = new SipTestClient()) {
            String contact = device.contact("bob", "tcp");
            Response r = device.send(device.register("tcp", sip, "sip:" + BOB, contact, "<urn:uuid:bob-phone>", 7200));
            assertThat(r.getStatusCode()).isEqualTo(200);
            ContactHeader bound = (ContactHeader) r.getHeader(ContactHeader.NAME);
            assertThat(bound.getAddress().getURI().toString()).isEqualTo(contact);
            assertThat(bound.getExpires()).isBetween(3590, 3600); // capped at sip.register.max-expires
            assertThat(probe.registrations(BOB)).singleElement().satisfies(reg -> {
                assertThat(reg.instance()).contains("<urn:uuid:bob-phone>");
                assertThat(reg.contact()).isEqualTo(contact);
            });
            // A second device, then un-REGISTER of the first by its instance.
            device.send(device.register("udp", sip, "sip:" + BOB, device.contact("bob2", "udp"), "<urn:uuid:bob-tablet>", 600));
            assertThat(probe.registrations(BOB)).hasSize(2);
            device.send(device.register("tcp", sip, "sip:" + BOB, contact, "<urn:uuid:bob-phone>", 0));
            assertThat(probe.registrations(BOB)).singleElement().satisfies(reg -> assertThat(reg.instance()).contains("<urn:uuid:bob-tablet>"));
            // Query (no Contact) lists the bindings; Contact: * with Expires: 0 removes them all.
            Response query = device.send(device.register("udp", sip, "sip:" + BOB, null, null, 600));
            assertThat(query.getStatusCode()).isEqualTo(200);
            assertThat(query.getHeader(ContactHeader.NAME).toString()).contains("bob2");
            assertThat(device.send(device.register("udp", sip, "sip:" + BOB, "*", null, 0)).getStatusCode()).isEqualTo(200);
            assertThat(probe.registrations(BOB)).isEmpty();
            assertThat(device.send(device.register("udp", sip, "sip:nobody@" + DOMAIN, device.contact("x", "udp"), null, 600))
                .getStatusCode()).isEqualTo(404);
        }
    }

    // ---- bad input and trust -------------------------------------------------------------------------------------

    @Test
    void everyErrorClassIsAnsweredAndTheBridgeKeepsServing() throws Exception {
        byte[] ok = cpim("sip:" + ALICE, "sip:" + BOB, "sip-err", "x");
        Response notCpim = pf.send(pf.message("udp", sip, "sip:" + ALICE, "sip:" + BOB, conversation("c", "c"), "text/plain",
            "hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(notCpim.getStatusCode()).isEqualTo(415);
        assertThat(notCpim.getHeader("Accept").toString()).contains("message/cpim");

        Response badCpim = message("udp", ALICE, BOB, conversation("c", "c"), "no headers and no blank line".getBytes(StandardCharsets.UTF_8));
        assertThat(badCpim.getStatusCode()).isEqualTo(400);
        assertThat(badCpim.getReasonPhrase()).startsWith("Bad Request (malformed CPIM");

        // A national number cannot be normalised (no country code configured).
        Response badFrom = pf.send(pf.message("udp", sip, "tel:0612345678", "sip:" + BOB, conversation("c", "c"), "message/cpim", ok));
        assertThat(badFrom.getStatusCode()).isEqualTo(400);
        assertThat(badFrom.getReasonPhrase()).startsWith("Bad Request (From:");

        Response noConversation = message("udp", ALICE, BOB, Map.of(), ok);
        assertThat(noConversation.getStatusCode()).isEqualTo(400);
        assertThat(noConversation.getReasonPhrase()).contains("Conversation-ID");

        Response unknown = message("udp", "mallory@elsewhere.test", "nobody@" + DOMAIN, conversation("c", "c"), ok);
        assertThat(unknown.getStatusCode()).isEqualTo(404);

        byte[] big = cpim("sip:" + ALICE, "sip:" + BOB, "sip-big", "x".repeat(25_000));
        Response tooLarge = message("tcp", ALICE, BOB, conversation("c", "c"), big);
        assertThat(tooLarge.getStatusCode()).isEqualTo(413);

        Response badHandover = message("udp", ALICE, ERIN, Map.of("Conversation-ID", "c", "CPM-Delivery", "someday"), ok);
        assertThat(badHandover.getStatusCode()).isEqualTo(400);

        // Malformed SIP (a CSeq that is not a number) over UDP and TCP: answered 400, never dropped.
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            udp.setSoTimeout(5000);
            byte[] bytes = malformedCseq("UDP 127.0.0.1:" + udp.getLocalPort()).getBytes(StandardCharsets.US_ASCII);
            udp.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName("127.0.0.1"), sip));
            DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
            udp.receive(answer); // a timeout fails the test
            assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII)).startsWith("SIP/2.0 400");
        }
        try (Socket tcp = new Socket("127.0.0.1", sip)) {
            tcp.setSoTimeout(5000);
            OutputStream out = tcp.getOutputStream();
            out.write(malformedCseq("TCP 127.0.0.1:" + tcp.getLocalPort()).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // the stack answers 400 or, when it cannot parse the request at all, closes the connection; a timeout fails
            byte[] buffer = new byte[4096];
            int n = tcp.getInputStream().read(buffer);
            String answer = n < 0 ? "connection closed" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
            assertThat(answer).matches("(?s)SIP/2\\.0 400 .*|connection closed");
        }

        Request options = pf.message("udp", sip, "sip:" + ALICE, "sip:" + BOB, Map.of(), null, null);
        Response stillServing = message("udp", ALICE, CAROL, conversation("c", "c"), cpim("sip:" + ALICE, "sip:" + CAROL, "sip-after", "x"));
        assertThat(stillServing.getStatusCode()).isEqualTo(486);
        assertThat(options).isNotNull();
    }

    @Test
    void untrustedPeerMustAuthenticateWithDigest() throws Exception {
        try (SipTestClient stranger = new SipTestClient("127.0.0.2")) {
            Request request = stranger.message("udp", sip, "sip:" + ALICE, "sip:" + CAROL, conversation("c", "c"), "message/cpim",
                cpim("sip:" + ALICE, "sip:" + CAROL, "sip-digest-1", "x"));
            Response challenge = stranger.send((Request) request.clone());
            assertThat(challenge.getStatusCode()).isEqualTo(401);
            assertThat(challenge.getHeader("WWW-Authenticate").toString()).contains("realm=\"cpm-mss\"", "qop=\"auth\"");

            assertThat(stranger.sendWithDigest((Request) request.clone(), "pf1", "wrong").getStatusCode()).isEqualTo(403);
            assertThat(stranger.sendWithDigest((Request) request.clone(), "intruder", "pfsecret").getStatusCode()).isEqualTo(403);
            // Authenticated: the request is handled (Carol has do-not-disturb on).
            assertThat(stranger.sendWithDigest((Request) request.clone(), "pf1", "pfsecret").getStatusCode()).isEqualTo(486);
        }
    }

    // ---- outbound route ------------------------------------------------------------------------------------------

    @Test
    void notificationsForOriginatorsGoToThePfOverSip() throws Exception {
        SipOutboundRoute route = server.guice().getProbe(SipBridgeProbe.class).outboundRoute();
        byte[] notification = delivered("sip:" + BOB, "sip:" + ALICE, "out-dlv-1", "out-msg-1");
        int status = route.send("sip:" + BOB, "sip:" + ALICE, java.util.Optional.of("conv-out"), java.util.Optional.empty(), notification);
        assertThat(status).isEqualTo(200);
        Request got = receivedAbout("out-msg-1");
        assertThat(got).isNotNull();
        assertThat(got.getRequestURI().toString()).isEqualTo("sip:" + ALICE);
        assertThat(got.getHeader("Content-Type").toString()).contains("message/cpim");
        assertThat(got.getHeader("Conversation-ID").toString()).contains("conv-out");
        assertThat(SipTestClient.body(got)).contains("<delivered/>", "out-msg-1");

        // The mailet: a notification mail routed to SendNotificationOverSip leaves as a SIP MESSAGE.
        String mail = "From: sip:" + BOB + "\r\nTo: sip:" + ALICE + "\r\nConversation-ID: conv-out\r\nIMDN-Message-ID: out-dlv-2\r\n"
            + "X-Test-Sip-Route: yes\r\nMIME-Version: 1.0\r\nContent-Type: message/cpim\r\n\r\n"
            + new String(delivered("sip:" + BOB, "sip:" + ALICE, "out-dlv-2", "out-msg-2"), StandardCharsets.UTF_8);
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            assertThat(lmtp.send("pf@pf.test", List.of(ALICE), mail.getBytes(StandardCharsets.UTF_8))).singleElement()
                .asString().startsWith("250");
        }
        Request relayed = receivedAbout("out-msg-2");
        assertThat(relayed).isNotNull();
        assertThat(SipTestClient.body(relayed)).contains("out-msg-2");
        assertThat(search(server.imapPort(), ALICE, "INBOX", "IMDN-Message-ID", "out-dlv-2")).isEmpty();
    }

    /**
     * The next MESSAGE the outbound PF got about {@code reportedId}: the notification outbox also sends the positive
     * delivery notifications of this class's hand-overs on this route, in the background.
     */
    static Request receivedAbout(String reportedId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Request r = outboundPf.received().poll(1, TimeUnit.SECONDS);
            if (r != null && SipTestClient.body(r).contains(reportedId)) {
                return r;
            }
        }
        return null;
    }

    @Test
    void optionsAnswersWithTheMethodsTheBridgeAccepts() throws Exception {
        Request options = pf.message("tcp", sip, "sip:" + ALICE, "sip:" + BOB, Map.of(), null, null);
        options.setMethod(Request.OPTIONS);
        ((javax.sip.header.CSeqHeader) options.getHeader("CSeq")).setMethod(Request.OPTIONS);
        Response r = pf.send(options);
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.toString()).containsPattern("Allow: .*MESSAGE").containsPattern("Allow: .*REGISTER");
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            imap.expectOk("NOOP");
        }
    }

    private static String malformedCseq(String via) {
        return "MESSAGE sip:" + BOB + " SIP/2.0\r\nVia: SIP/2.0/" + via + ";branch=z9hG4bK-garbage-" + System.nanoTime() + "\r\n"
            + "From: <sip:" + ALICE + ">;tag=1\r\nTo: <sip:" + BOB + ">\r\nCall-ID: garbage-" + System.nanoTime()
            + "\r\nCSeq: lots MESSAGE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }
}
