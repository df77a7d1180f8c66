package org.cpmmss.james.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.awaitility.Awaitility;
import org.cpmmss.james.outbound.NotificationOutbox;
import org.cpmmss.james.outbound.OutboxProbe;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.TestClock;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Notifications the server sends itself, on one real server with an injected clock the test moves and a GreenMail
 * SMTP server standing in for the PF's relay ({@code cpm.notifications.outbound-relay}), down at first: the durable
 * outbox (retries, restart, give-up), the negative delivery notification, pending ticks and late group notifications.
 * Checked over IMAP and at the relay.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotificationOutboundTest {
    static final String DOMAIN = "example.com";

    static final TestClock CLOCK = TestClock.running();
    static final int relayPort = CpmMssTestServer.freePort();

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.notifications.outbound-relay", "127.0.0.1:" + relayPort)
        .cpmProperty("cpm.notifications.outbox.retry-delay", "PT30S")
        .cpmProperty("cpm.notifications.outbox.give-up-after", "PT2H")
        .override(binder -> binder.bind(Clock.class).toInstance(CLOCK))
        .domain(DOMAIN)
        .build();
    static GreenMail pf;

    @AfterAll
    static void stopRelay() {
        if (pf != null) {
            pf.stop();
        }
    }

    static void startRelay() {
        pf = new GreenMail(new ServerSetup(relayPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        pf.start();
    }

    static OutboxProbe outbox() {
        return server.guice().getProbe(OutboxProbe.class);
    }

    static String user(String number) throws Exception {
        String account = number + "@" + DOMAIN;
        server.webAdmin().addUser(account, "pw");
        return account;
    }

    static List<String> lmtp(List<String> owners, byte[] object) throws Exception {
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), owners, object);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A chat message asking for the given dispositions (CPIM imdn.Disposition-Notification). */
    static byte[] chat(String from, String to, String conv, String contrib, String id, String dispositions) {
        return text(ImdnSamples.chat(from, to, conv, contrib, id, "hello " + id))
            .replace("positive-delivery, display", dispositions).getBytes(StandardCharsets.UTF_8);
    }

    /** The same as a deferred hand-over (CPM-Delivery: deferred-handover, no Expires: the default expiry). */
    static byte[] handOver(byte[] chat) {
        return text(chat).replaceFirst("IMDN-Message-ID: ", "CPM-Delivery: deferred-handover\r\nIMDN-Message-ID: ")
            .getBytes(StandardCharsets.UTF_8);
    }

    static List<String> relayed() throws Exception {
        return Arrays.stream(pf.getReceivedMessages()).map(GreenMailUtil::getWholeMessage).toList();
    }

    static long relayedContaining(String marker) throws Exception {
        return relayed().stream().filter(m -> m.contains(marker)).count();
    }

    @Test
    @Order(1)
    void relayDownThenUpAcrossARestartTheNotificationIsDeliveredOnce() throws Exception {
        user("+33612000001");
        String hank = user("+33612000002");
        assertThat(lmtp(List.of(hank), handOver(chat("tel:+33612000001", "tel:+33612000002", "ob-conv", "ob-1", "ob-msg-1",
            "positive-delivery")))).singleElement().asString().startsWith("250");
        // the relay is down: the positive delivery notification waits in the outbox after a failed attempt
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> outbox().queued().stream()
            .anyMatch(e -> e.attempts() >= 1 && text(e.object()).contains("<message-id>ob-msg-1</message-id>")));
        NotificationOutbox.Entry waiting = outbox().queued().get(0);
        assertThat(waiting.lastError()).isNotBlank();
        assertThat(waiting.nextAttempt()).isAfter(CLOCK.instant().plusSeconds(20));

        server.stop();
        server.start();
        assertThat(outbox().queued()).as("the entry survived the restart").extracting(NotificationOutbox.Entry::id)
            .contains(waiting.id());

        startRelay();
        outbox().drain();
        assertThat(pf.getReceivedMessages()).as("not due yet: the backoff is on the injected clock").isEmpty();
        CLOCK.advance(Duration.ofMinutes(2));
        assertThat(pf.waitForIncomingEmail(10_000, 1)).isTrue();
        CLOCK.advance(Duration.ofHours(1));
        outbox().drain();
        Thread.sleep(1500);
        assertThat(relayedContaining("<message-id>ob-msg-1</message-id>")).isEqualTo(1);
        assertThat(relayed().get(0)).contains("<delivered/>").contains("From: tel:+33612000002");
        assertThat(pf.getUserManager().getUserByEmail("+33612000001@" + DOMAIN)).as("envelope recipient").isNotNull();
        assertThat(outbox().entry(waiting.id()).orElseThrow().state()).isEqualTo(NotificationOutbox.State.SENT);
        assertThat(outbox().queued()).isEmpty();
    }

    @Test
    @Order(2)
    void aFailedHandOverGivesTheOriginatorOneNegativeNotificationStoredTickedAndSent() throws Exception {
        String ivy = user("+33612000011");
        user("+33612000012");
        byte[] message = chat("tel:+33612000011", "tel:+33612000012", "nd-conv", "nd-1", "nd-msg-1", "negative-delivery, display");
        assertThat(lmtp(List.of(ivy), message)).singleElement().asString().contains("stored");
        int before = pf.getReceivedMessages().length;

        NotificationsProbe probe = server.guice().getProbe(NotificationsProbe.class);
        assertThat(probe.notifyFailed(message, "tel:+33612000012", "test: hand-over failed"))
            .isEqualTo(NegativeDeliveryNotifier.Result.NOTIFIED);
        assertThat(probe.notifyFailed(message, "tel:+33612000012", "test: again"))
            .as("generated twice, stored and sent once").isEqualTo(NegativeDeliveryNotifier.Result.NOTIFIED);

        try (ImdnSamples.Imap imap = new ImdnSamples.Imap(server.imapPort(), ivy)) {
            List<String> folder = imap.messages("Default/tel:+33612000012");
            assertThat(folder).hasSize(2);
            assertThat(folder).filteredOn(m -> m.contains("hello nd-msg-1")).singleElement().asString()
                .contains("$delivery-failed");
            assertThat(folder).filteredOn(m -> m.contains("<failed/>")).singleElement().asString()
                .contains("Message-Direction: received").contains("<message-id>nd-msg-1</message-id>")
                .contains("From: tel:+33612000012");
        }
        assertThat(pf.waitForIncomingEmail(10_000, before + 1)).isTrue();
        outbox().drain();
        Thread.sleep(1000);
        assertThat(relayedContaining("<message-id>nd-msg-1</message-id>")).isEqualTo(1);
        assertThat(pf.getUserManager().getUserByEmail(ivy)).isNotNull();
    }

    @Test
    @Order(3)
    void noNegativeNotificationWhenNotAskedForAnonymousOrAlreadyDelivered() throws Exception {
        NotificationsProbe probe = server.guice().getProbe(NotificationsProbe.class);
        assertThat(probe.notifyFailed(chat("tel:+33612000041", "tel:+33612000042", "nn-conv", "nn-1", "nn-msg-1",
            "positive-delivery, display"), "tel:+33612000042", "test")).isEqualTo(NegativeDeliveryNotifier.Result.NOT_REQUESTED);
        assertThat(probe.notifyFailed(chat("sip:anonymous@anonymous.invalid", "tel:+33612000042", "nn-conv", "nn-2", "nn-msg-2",
            "negative-delivery"), "tel:+33612000042", "test")).isEqualTo(NegativeDeliveryNotifier.Result.NOT_REQUESTED);
        // delivered first (its report claimed the key), then a failure reported: no contradicting notification
        String oli = user("+33612000043");
        String pat = user("+33612000044");
        byte[] message = chat("tel:+33612000043", "tel:+33612000044", "nn-conv", "nn-3", "nn-msg-3", "negative-delivery, display");
        lmtp(List.of(oli), message);
        assertThat(lmtp(List.of(oli, pat), ImdnSamples.delivered("tel:+33612000044", "tel:+33612000043", "nn-conv", "nn-3",
            "nn-dlv-3", "nn-msg-3"))).allMatch(r -> r.startsWith("250"));
        assertThat(probe.notifyFailed(message, pat, "test")).isEqualTo(NegativeDeliveryNotifier.Result.ALREADY_REPORTED);
    }

    @Test
    @Order(4)
    void aNotificationTowardsANonCpmOriginatorKeepsItsServiceIdentifier() throws Exception {
        int before = pf.getReceivedMessages().length;
        byte[] message = text(chat("tel:+33699000001", "tel:+33612000052", "nc-conv", "nc-1", "nc-msg-1", "negative-delivery"))
            .replaceFirst("IMDN-Message-ID: ", "Non-CPM-Service-Identifier: urn:example:sms\r\nIMDN-Message-ID: ")
            .getBytes(StandardCharsets.UTF_8);
        assertThat(server.guice().getProbe(NotificationsProbe.class).notifyFailed(message, "tel:+33612000052", "test"))
            .isEqualTo(NegativeDeliveryNotifier.Result.NOTIFIED);
        assertThat(pf.waitForIncomingEmail(10_000, before + 1)).isTrue();
        String sent = relayed().stream().filter(m -> m.contains("<message-id>nc-msg-1</message-id>")).findFirst().orElseThrow();
        assertThat(sent).contains("Non-CPM-Service-Identifier: urn:example:sms").contains("To: tel:+33699000001")
            .contains("<failed/>");
        assertThat(pf.getUserManager().getUserByEmail("+33699000001@localhost")).as("envelope: the non-CPM address at the default domain").isNotNull();
    }

    @Test
    @Order(5)
    void aTickArrivingBeforeItsMessageIsSetWhenTheMessageIsStored() throws Exception {
        String kim = user("+33612000021");
        String lou = user("+33612000022");
        // Lou's device reports display of a message whose sent copy the PF has not recorded yet for Kim
        assertThat(lmtp(List.of(kim, lou), ImdnSamples.displayed("tel:+33612000022", "tel:+33612000021", "pt-conv", "pt-1",
            "pt-dsp-1", "pt-msg-1"))).allMatch(r -> r.startsWith("250"));
        assertThat(lmtp(List.of(kim, lou), ImdnSamples.chat("tel:+33612000021", "tel:+33612000022", "pt-conv", "pt-1",
            "pt-msg-1", "late copy"))).allMatch(r -> r.contains("stored"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (ImdnSamples.Imap imap = new ImdnSamples.Imap(server.imapPort(), kim)) {
                assertThat(imap.messages("Default/tel:+33612000022")).filteredOn(m -> m.contains("late copy"))
                    .singleElement().asString().contains("$displayed");
            }
            try (ImdnSamples.Imap imap = new ImdnSamples.Imap(server.imapPort(), lou)) {
                assertThat(imap.messages("Default/tel:+33612000021")).filteredOn(m -> m.contains("late copy"))
                    .singleElement().asString().contains("$read-report-sent");
            }
        });
    }

    @Test
    @Order(6)
    void aLateGroupNotificationGoesToTheOriginatorAsAPagerModeMessage() throws Exception {
        String mia = user("+33612000031");
        String ned = user("+33612000032");
        byte[] group = text(chat("tel:+33612000031", "tel:+33612000032", "lg-conv", "lg-1", "lg-msg-1", "positive-delivery, display"))
            .replace("To: tel:+33612000032\r\n", "To: tel:+33612000032, tel:+33612000033\r\n").getBytes(StandardCharsets.UTF_8);
        // the session is over: the message reaches Ned as a deferred hand-over
        assertThat(lmtp(List.of(ned), handOver(group))).singleElement().asString().contains("stored");
        int before = pf.getReceivedMessages().length;
        assertThat(lmtp(List.of(ned, mia), ImdnSamples.displayed("tel:+33612000032", "tel:+33612000031", "lg-conv", "lg-1",
            "lg-dsp-1", "lg-msg-1"))).allMatch(r -> r.startsWith("250"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> relayedContaining("<displayed/>") >= 1);
        String pager = relayed().stream().filter(m -> m.contains("<displayed/>") && m.contains("lg-msg-1")).findFirst().orElseThrow();
        assertThat(pager).contains("InReplyTo-Contribution-ID: lg-1").doesNotContain("\r\nContribution-ID:")
            .contains("Conversation-ID: lg-conv");
        // stored as usual, with its own headers, in both stores
        try (ImdnSamples.Imap imap = new ImdnSamples.Imap(server.imapPort(), mia)) {
            assertThat(String.join("\n", imap.folders().stream().map(f -> {
                try {
                    return String.join("\n", imap.messages(f));
                } catch (Exception e) {
                    return "";
                }
            }).toList())).contains("<displayed/>").contains("Contribution-ID: lg-1");
        }
        assertThat(pf.getReceivedMessages().length).isGreaterThan(before);
    }

    @Test
    @Order(9)
    void anEntryTheRelayNeverTakesIsGivenUpAfterTheConfiguredTime() throws Exception {
        pf.stop();
        user("+33612000061");
        String quinn = user("+33612000062");
        long gaveUpBefore = outbox().count(NotificationOutbox.State.GAVE_UP);
        assertThat(lmtp(List.of(quinn), handOver(chat("tel:+33612000061", "tel:+33612000062", "gu-conv", "gu-1", "gu-msg-1",
            "positive-delivery")))).singleElement().asString().startsWith("250");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> outbox().queued().stream().anyMatch(e -> e.attempts() >= 1));
        CLOCK.advance(Duration.ofHours(3));
        outbox().drain();
        assertThat(outbox().count(NotificationOutbox.State.GAVE_UP)).isEqualTo(gaveUpBefore + 1);
        assertThat(outbox().queued()).isEmpty();
        pf = null;
    }
}
