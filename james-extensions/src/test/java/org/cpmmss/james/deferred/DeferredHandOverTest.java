package org.cpmmss.james.deferred;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.recording.pipeline.TemporaryObjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.TestClock;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Deferred hand-over end to end on one real server (LMTP in, IMAP checks) with an injected clock that the test
 * moves forward, and a GreenMail SMTP server standing in for the PF (cpm.deferred.outbound-relay).
 */
class DeferredHandOverTest {
    static final String DOMAIN = "example.com";

    static final TestClock CLOCK = TestClock.running();
    static final String PF_TOKEN = "Dq3xV9pL2mN8rT4wKk";
    static final int RELAY_PORT = CpmMssTestServer.freePort();

    static GreenMail pf;
    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .prepare(configured -> {
            pf = new GreenMail(new ServerSetup(RELAY_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            pf.start();
        })
        .cpmProperty("cpm.deferred.outbound-relay", "127.0.0.1:" + RELAY_PORT)
        .cpmProperty("cpm.deferred.sweep-interval", "PT1H")
        .cpmProperty("cpm.http.tokens", PF_TOKEN + ":pf")
        .override(binder -> binder.bind(Clock.class).toInstance(CLOCK))
        .domain(DOMAIN)
        .build();

    @AfterAll
    static void stopRelay() {
        pf.stop();
    }

    static String user(String number) throws Exception {
        String account = number + "@" + DOMAIN;
        server.webAdmin().addUser(account, "pw");
        return account;
    }

    static byte[] bytes(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A deferred 1-1 chat message handed over by the PF, asking for positive-delivery and display. */
    static byte[] handOver(String from, String to, String conv, String imdnId, String text, Instant expires) {
        return bytes("Date: Fri, 25 Mar 2016 10:45:41 +0100\n"
            + "From: " + from + "\n"
            + "To: " + to + "\n"
            + "Conversation-ID: " + conv + "\n"
            + "Contribution-ID: c-" + imdnId + "\n"
            + "IMDN-Message-ID: " + imdnId + "\n"
            + "CPM-Delivery: deferred-handover\n"
            + (expires == null ? "" : "Expires: " + TemporaryObjects.format(expires) + "\n")
            + "MIME-Version: 1.0\n"
            + "Content-Type: message/cpim\n"
            + "\n"
            + "From: <" + from + ">\n"
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

    static List<String> lmtp(List<String> owners, byte[] object) throws Exception {
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), owners, object);
    }

    static String folder(String peerNumber) {
        return "\"Default/tel:" + peerNumber + "\"";
    }

    static long uid(String reply) {
        Matcher m = Pattern.compile("uid (\\d+)").matcher(reply);
        assertThat(m.find()).as(reply).isTrue();
        return Long.parseLong(m.group(1));
    }

    static String fetch(ImapConnection imap, long uid) throws Exception {
        return String.join("\n", imap.expectOk("UID FETCH " + uid + " (UID FLAGS BODY.PEEK[])"));
    }

    /** The literal of a one-message FETCH answer (from its size to the end of the message). */
    static String content(String fetchAnswer) {
        return fetchAnswer.substring(fetchAnswer.indexOf('{'), fetchAnswer.lastIndexOf('\n'));
    }

    static ExpirySweeper.Result sweep() {
        return server.guice().getProbe(DeferredProbe.class).sweep();
    }

    @Test
    void unaccessedObjectIsTemporaryThenExpungedAtExpiryNeverBefore() throws Exception {
        String bob = user("+33610000002");
        Instant expires = CLOCK.instant().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<String> first = lmtp(List.of(bob), handOver("tel:+33610000001", "tel:+33610000002", "d-conv-1", "d-1", "one", expires));
        assertThat(first).singleElement().asString().startsWith("250").contains("stored in Default/tel:+33610000001");
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), bob, "pw")) {
            imap.expectOk("SELECT " + folder("+33610000001"));
            String stored = fetch(imap, uid(first.get(0)));
            assertThat(stored).contains("$cpm-temporary").doesNotContain("\\Seen")
                .contains("Expires: " + TemporaryObjects.format(expires))
                .contains("Message-Direction: received")
                .contains("imdn.Disposition-Notification: display\r\n")
                .doesNotContain("positive-delivery");
            // an IDLE client on the folder sees the next hand-over arrive, and later its expunge
            String tag = imap.nextTag();
            imap.send(tag + " IDLE\r\n");
            assertThat(imap.awaitLine(Pattern.compile("^\\+"), Duration.ofSeconds(5))).isNotNull();
            assertThat(lmtp(List.of(bob), handOver("tel:+33610000001", "tel:+33610000002", "d-conv-1", "d-2", "two", expires)))
                .singleElement().asString().startsWith("250");
            assertThat(imap.awaitLine(Pattern.compile("^\\* 2 EXISTS"), Duration.ofSeconds(10))).isNotNull();

            // not before expiry: a sweep an hour before it leaves both objects in place, still temporary
            CLOCK.advance(Duration.ofHours(23));
            sweep();
            try (ImapConnection other = ImapConnection.login(server.imapPort(), bob, "pw")) {
                assertThat(other.expectOk("STATUS " + folder("+33610000001") + " (MESSAGES)"))
                    .as("after the sweep 23 hours in, an hour before expiry").anyMatch(l -> l.contains("MESSAGES 2"));
                other.expectOk("EXAMINE " + folder("+33610000001"));
                assertThat(other.expectOk("UID SEARCH KEYWORD $cpm-temporary"))
                    .anyMatch(l -> l.matches("\\* SEARCH \\d+ \\d+"));
            }
            CLOCK.advance(Duration.ofHours(2));
            ExpirySweeper.Result result = sweep();
            assertThat(result.expunged()).isGreaterThanOrEqualTo(2);
            assertThat(imap.awaitLine(Pattern.compile("^\\* \\d+ EXPUNGE"), Duration.ofSeconds(10))).isNotNull();
            imap.send("DONE\r\n");
            imap.readUntilTagged(tag);
            assertThat(imap.expectOk("STATUS " + folder("+33610000001") + " (MESSAGES)"))
                .anyMatch(l -> l.contains("MESSAGES 0"));
        }
    }

    @Test
    void aNotifyWatcherOfAnotherFolderSeesTheSweepersExpungeAsStatus() throws Exception {
        String ivan = user("+33610000092");
        Instant expires = CLOCK.instant().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertThat(lmtp(List.of(ivan), handOver("tel:+33610000091", "tel:+33610000092", "d-conv-9", "d-9", "gone soon", expires)))
            .singleElement().asString().startsWith("250");
        try (ImapConnection watcher = ImapConnection.login(server.imapPort(), ivan, "pw")) {
            watcher.expectOk("SELECT INBOX");
            watcher.expectOk("NOTIFY SET (subtree Default (MessageNew MessageExpunge))");
            CLOCK.advance(Duration.ofHours(2));
            assertThat(sweep().expunged()).isGreaterThanOrEqualTo(1);
            // an unsolicited STATUS for the unselected conversation folder, within a second of the sweep
            assertThat(watcher.awaitLine(Pattern.compile("^\\* STATUS \"?Default/tel:\\+33610000091\"? \\(.*MESSAGES 0"),
                Duration.ofSeconds(1))).isNotNull();
        }
    }

    @Test
    void notExpungedBeforeExpiryAndTheRequestedExpiryIsCappedAtTheMaximum() throws Exception {
        String carol = user("+33610000012");
        Instant farAway = CLOCK.instant().plus(Duration.ofDays(365));
        Instant before = CLOCK.instant();
        List<String> reply = lmtp(List.of(carol), handOver("tel:+33610000011", "tel:+33610000012", "d-conv-2", "d-cap", "cap", farAway));
        Instant after = CLOCK.instant();
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), carol, "pw")) {
            imap.expectOk("SELECT " + folder("+33610000011"));
            String stored = fetch(imap, uid(reply.get(0)));
            Matcher m = Pattern.compile("Expires: ([^\r\n]+)").matcher(stored);
            assertThat(m.find()).isTrue();
            Instant expiry = TemporaryObjects.parseDate(m.group(1)).orElseThrow();
            assertThat(expiry).isBetween(before.plus(Duration.ofDays(30)).minusSeconds(1), after.plus(Duration.ofDays(30)));
            CLOCK.advance(Duration.ofDays(29));
            sweep();
            assertThat(fetch(imap, uid(reply.get(0)))).contains("$cpm-temporary");
        }
    }

    @Test
    void accessedObjectIsKeptAtExpiryWithTheSameUidAndWithoutTheKeyword() throws Exception {
        String dave = user("+33610000022");
        Instant expires = CLOCK.instant().plus(Duration.ofHours(1));
        List<String> reply = lmtp(List.of(dave), handOver("tel:+33610000021", "tel:+33610000022", "d-conv-3", "d-read", "read me", expires));
        long uid = uid(reply.get(0));
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), dave, "pw")) {
            imap.expectOk("SELECT " + folder("+33610000021"));
            // a non-PEEK fetch sets \Seen: accessed
            imap.expectOk("UID FETCH " + uid + " (BODY[])");
            Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !fetch(imap, uid).contains("$cpm-temporary"));
            String before = fetch(imap, uid);
            CLOCK.advance(Duration.ofHours(2));
            sweep();
            String after = fetch(imap, uid);
            assertThat(after).contains("UID " + uid).contains("\\Seen").doesNotContain("$cpm-temporary").contains("read me");
            assertThat(content(after)).isEqualTo(content(before)).contains("read me");
        }
    }

    @Test
    void aStoreOfSeenAlsoMakesItAStoredObject() throws Exception {
        String erin = user("+33610000032");
        Instant expires = CLOCK.instant().plus(Duration.ofHours(1));
        long uid = uid(lmtp(List.of(erin), handOver("tel:+33610000031", "tel:+33610000032", "d-conv-4", "d-store", "x", expires)).get(0));
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), erin, "pw")) {
            imap.expectOk("SELECT " + folder("+33610000031"));
            imap.expectOk("UID STORE " + uid + " +FLAGS.SILENT (\\Seen)");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !fetch(imap, uid).contains("$cpm-temporary"));
            CLOCK.advance(Duration.ofHours(2));
            sweep();
            assertThat(fetch(imap, uid)).contains("UID " + uid).contains("\\Seen");
        }
    }

    @Test
    void theExpiryIndexSurvivesARestart() throws Exception {
        String frank = user("+33610000042");
        Instant expires = CLOCK.instant().plus(Duration.ofHours(5));
        long uid = uid(lmtp(List.of(frank), handOver("tel:+33610000041", "tel:+33610000042", "d-conv-5", "d-restart", "r", expires)).get(0));
        server.stop();
        server.start();
        sweep(); // not yet expired
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), frank, "pw")) {
            imap.expectOk("SELECT " + folder("+33610000041"));
            assertThat(fetch(imap, uid)).contains("$cpm-temporary");
        }
        CLOCK.advance(Duration.ofHours(6));
        sweep();
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), frank, "pw")) {
            assertThat(imap.expectOk("STATUS " + folder("+33610000041") + " (MESSAGES)")).anyMatch(l -> l.contains("MESSAGES 0"));
        }
    }

    @Test
    void theOriginatorGetsAPositiveDeliveryNotificationStoredAndRelayedToThePf() throws Exception {
        String gina = user("+33610000051");
        String hank = user("+33610000052");
        int relayedBefore = pf.getReceivedMessages().length;
        assertThat(lmtp(List.of(hank), handOver("tel:+33610000051", "tel:+33610000052", "d-conv-6", "d-notify", "hi",
            CLOCK.instant().plus(Duration.ofDays(1))))).singleElement().asString().startsWith("250");
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), gina, "pw")) {
            imap.expectOk("SELECT " + folder("+33610000052"));
            String notification = String.join("\n", imap.expectOk("UID FETCH 1:* (FLAGS BODY.PEEK[])"));
            assertThat(notification).contains("Message-Direction: received").contains("Conversation-ID: d-conv-6")
                .contains("message/imdn+xml").contains("<message-id>d-notify</message-id>").contains("<delivered/>")
                .doesNotContain("$cpm-temporary");
        }
        assertThat(pf.waitForIncomingEmail(10_000, relayedBefore + 1)).isTrue();
        MimeMessage relayed = pf.getReceivedMessages()[relayedBefore];
        assertThat(GreenMailUtil.getWholeMessage(relayed)).contains("<message-id>d-notify</message-id>").contains("<delivered/>");
        assertThat(pf.getUserManager().getUserByEmail(gina)).as("envelope recipient at the PF").isNotNull();
        // a resend of the same hand-over is a duplicate: no second notification
        assertThat(lmtp(List.of(hank), handOver("tel:+33610000051", "tel:+33610000052", "d-conv-6", "d-notify", "hi",
            CLOCK.instant().plus(Duration.ofDays(1))))).singleElement().asString().contains("already stored");
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), gina, "pw")) {
            assertThat(imap.expectOk("STATUS " + folder("+33610000052") + " (MESSAGES)")).anyMatch(l -> l.contains("MESSAGES 1"));
        }
    }

    @Test
    void theHandOversDeliveryReportIsTheFirstOneAndTicksTheSendersCopy() throws Exception {
        String lea = user("+33610000181");
        String max = user("+33610000182");
        // the PF recorded Lea's sent copy, then hands the message over for Max, who is offline
        assertThat(lmtp(List.of(lea), org.cpmmss.james.notifications.ImdnSamples.chat("tel:+33610000181", "tel:+33610000182",
            "d-conv-10", "c-d-first", "d-first", "are you there?"))).singleElement().asString().contains("stored");
        assertThat(lmtp(List.of(max), handOver("tel:+33610000181", "tel:+33610000182", "d-conv-10", "d-first", "are you there?",
            CLOCK.instant().plus(Duration.ofDays(1))))).singleElement().asString().contains("stored");
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), lea, "pw")) {
            imap.expectOk("SELECT " + folder("+33610000182"));
            assertThat(String.join("\n", imap.expectOk("UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (IMDN-MESSAGE-ID)])")))
                .as("Lea's copy carries the delivered tick").contains("$delivered");
        }
        // Max's device reports delivery once it syncs: the hand-over's report came first, this one is suppressed
        assertThat(lmtp(List.of(max, lea), org.cpmmss.james.notifications.ImdnSamples.delivered("tel:+33610000182",
            "tel:+33610000181", "d-conv-10", "c-d-first", "d-first-dlv", "d-first")))
            .allMatch(reply -> reply.startsWith("250") && reply.contains("suppressed (first-wins)"));
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), lea, "pw")) {
            assertThat(imap.expectOk("STATUS " + folder("+33610000182") + " (MESSAGES)"))
                .as("Lea's conversation: her message and one delivery notification")
                .anyMatch(l -> l.contains("MESSAGES 2"));
        }
    }

    @Test
    void recordingOffDoesNotBlockAHandOver() throws Exception {
        String ivy = user("+33610000062");
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ivy, "pw")) {
            imap.expectOk("SETMETADATA INBOX (/private/vendor/cpm/recording \"off\")");
        }
        List<String> reply = lmtp(List.of(ivy), handOver("tel:+33610000061", "tel:+33610000062", "d-conv-7", "d-off", "still delivered", null));
        assertThat(reply).singleElement().asString().startsWith("250").contains("stored");
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ivy, "pw")) {
            imap.expectOk("SELECT " + folder("+33610000061"));
            assertThat(fetch(imap, uid(reply.get(0)))).contains("$cpm-temporary").contains("still delivered");
        }
    }

    @Test
    void theHttpDoorHandsOverTheSameWay() throws Exception {
        String jane = user("+33610000071");
        String kim = user("+33610000072");
        Instant expires = CLOCK.instant().plus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String body = "{\"from\":\"tel:+33610000071\",\"to\":\"tel:+33610000072\",\"conversationId\":\"d-conv-8\","
            + "\"owners\":[\"" + kim + "\"],\"imdnMessageId\":\"d-http\",\"text\":\"over http\",\"expires\":\"" + expires + "\"}";
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.httpPort() + "/cpm/v1/deferred-messages"))
                .header("Authorization", "Bearer " + PF_TOKEN).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).contains(kim).contains("stored").doesNotContain(jane);
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), kim, "pw")) {
            imap.expectOk("SELECT " + folder("+33610000071"));
            String stored = String.join("\n", imap.expectOk("UID FETCH 1:* (FLAGS BODY.PEEK[])"));
            assertThat(stored).contains("$cpm-temporary").contains("over http").contains("Expires: " + TemporaryObjects.format(expires));
        }
        CLOCK.advance(Duration.ofHours(4));
        sweep();
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), kim, "pw")) {
            assertThat(imap.expectOk("STATUS " + folder("+33610000071") + " (MESSAGES)")).anyMatch(l -> l.contains("MESSAGES 0"));
        }
    }

    @Test
    void aTemporaryObjectMovedUnreadToAnotherFolderStillExpires() throws Exception {
        String lou = user("+33610000082");
        Instant expires = CLOCK.instant().plus(Duration.ofHours(2));
        long uid = uid(lmtp(List.of(lou), handOver("tel:+33610000081", "tel:+33610000082", "d-conv-9", "d-move", "moved", expires)).get(0));
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), lou, "pw")) {
            imap.expectOk("CREATE Kept");
            imap.expectOk("SELECT " + folder("+33610000081"));
            imap.expectOk("UID MOVE " + uid + " Kept");
            imap.expectOk("SELECT Kept");
            assertThat(String.join("\n", imap.expectOk("FETCH 1 (FLAGS)"))).contains("$cpm-temporary");
            sweep();
            assertThat(imap.expectOk("STATUS Kept (MESSAGES)")).anyMatch(l -> l.contains("MESSAGES 1"));
            CLOCK.advance(Duration.ofHours(3));
            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
                sweep();
                return imap.expectOk("STATUS Kept (MESSAGES)").stream().anyMatch(l -> l.contains("MESSAGES 0"));
            });
        }
    }
}
