package org.cpmmss.james.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.sip.SipFixtures.PASSWORD;
import static org.cpmmss.james.sip.SipFixtures.cpim;
import static org.cpmmss.james.sip.SipFixtures.delivered;
import static org.cpmmss.james.sip.SipFixtures.fetchHeaders;
import static org.cpmmss.james.sip.SipFixtures.search;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sip.message.Request;
import javax.sip.message.Response;

import org.cpmmss.cpm.imdn.ImdnCpim;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.imdn.ImdnStatus;
import org.cpmmss.cpm.imdn.NotificationKind;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Disposition notifications through the SIP door, and the notification outbox on the SIP route ({@code
 * sip.outbound.pf}): two devices report delivery and display over SIP, the originator keeps one of each and the
 * ticks; the positive delivery notification of a SIP hand-over reaches the PF as a SIP MESSAGE, retried after a
 * refusal.
 */
class SipNotificationsTest {
    static final String DOMAIN = "example.com";
    static final String ALICE = "ann@example.com";
    static final String BOB = "ben@example.com";

    static SipTestClient pf;
    static SipTestClient outboundPf;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.notifications.outbox.retry-delay", "PT1S")
        .prepare(configured -> {
            outboundPf = new SipTestClient();
            configured.replace("sipserver.properties", "sip.outbound.pf=", "sip.outbound.pf=sip:127.0.0.1:" + outboundPf.port() + ";transport=udp");
        })
        .domain(DOMAIN).user(ALICE, PASSWORD).user(BOB, PASSWORD)
        .build();

    @BeforeAll
    static void client() throws Exception {
        pf = new SipTestClient();
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (pf != null) {
            pf.close();
        }
        outboundPf.close();
    }

    static Response message(String from, String to, Map<String, String> headers, byte[] body) throws Exception {
        return pf.send(pf.message("tcp", server.sipPort(), "sip:" + from, "sip:" + to, headers, "message/cpim", body));
    }

    static Map<String, String> conversation(String conversationId, String contributionId) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Conversation-ID", conversationId);
        h.put("Contribution-ID", contributionId);
        return h;
    }

    static byte[] displayed(String reporter, String originator, String notificationId, String reportedId) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
        return ImdnCpim.wrap(reporter, originator, notificationId, now,
            ImdnNotification.of(reportedId, now, NotificationKind.DISPLAY, ImdnStatus.DISPLAYED)).bytes();
    }

    @Test
    void twoDevicesReportOverSipTheOriginatorKeepsOneOfEachWithTheTicks() throws Exception {
        Map<String, String> conv = conversation("sn-conv", "sn-c1");
        assertThat(message(ALICE, BOB, conv, cpim("sip:" + ALICE, "sip:" + BOB, "sn-msg-1", "ticks over sip")).getStatusCode())
            .isEqualTo(200);
        assertThat(message(BOB, ALICE, conv, delivered("sip:" + BOB, "sip:" + ALICE, "sn-dlv-phone", "sn-msg-1")).getStatusCode())
            .isEqualTo(200);
        assertThat(message(BOB, ALICE, conv, delivered("sip:" + BOB, "sip:" + ALICE, "sn-dlv-tablet", "sn-msg-1")).getStatusCode())
            .as("another device's report: suppressed, still a success").isEqualTo(200);
        assertThat(message(BOB, ALICE, conv, displayed("sip:" + BOB, "sip:" + ALICE, "sn-dsp-tablet", "sn-msg-1")).getStatusCode())
            .isEqualTo(200);
        assertThat(message(BOB, ALICE, conv, displayed("sip:" + BOB, "sip:" + ALICE, "sn-dsp-phone", "sn-msg-1")).getStatusCode())
            .isEqualTo(200);

        String folder = "Default/sip:" + BOB;
        assertThat(search(server.imapPort(), ALICE, folder, "IMDN-Message-ID", "sn-dlv-phone")).hasSize(1);
        assertThat(search(server.imapPort(), ALICE, folder, "IMDN-Message-ID", "sn-dlv-tablet")).isEmpty();
        assertThat(search(server.imapPort(), ALICE, folder, "IMDN-Message-ID", "sn-dsp-tablet")).hasSize(1);
        assertThat(search(server.imapPort(), ALICE, folder, "IMDN-Message-ID", "sn-dsp-phone")).isEmpty();
        String sent = search(server.imapPort(), ALICE, folder, "IMDN-Message-ID", "sn-msg-1").get(0);
        assertThat(fetchHeaders(server.imapPort(), ALICE, folder, sent)).contains("$delivered").contains("$displayed");
        String received = search(server.imapPort(), BOB, "Default/sip:" + ALICE, "IMDN-Message-ID", "sn-msg-1").get(0);
        assertThat(fetchHeaders(server.imapPort(), BOB, "Default/sip:" + ALICE, received)).contains("$read-report-sent");
    }

    @Test
    void theHandOversDeliveryNotificationReachesThePfOverSipRetriedAfterARefusal() throws Exception {
        outboundPf.answerNext(503);
        Map<String, String> h = conversation("sn-conv-ho", "sn-ho-c");
        h.put("CPM-Delivery", "deferred-handover");
        h.put("Expires", "86400");
        assertThat(message(ALICE, BOB, h, cpim("sip:" + ALICE, "sip:" + BOB, "sn-ho-1", "deferred")).getStatusCode()).isEqualTo(200);
        List<Request> got = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 15_000;
        while (got.size() < 2 && System.currentTimeMillis() < deadline) {
            Request r = outboundPf.received().poll(1, TimeUnit.SECONDS);
            if (r != null && SipTestClient.body(r).contains("sn-ho-1")) {
                got.add(r);
            }
        }
        assertThat(got).as("refused once (503), then sent again and accepted").hasSize(2);
        Request accepted = got.get(1);
        assertThat(accepted.getRequestURI().toString()).isEqualTo("sip:" + ALICE);
        assertThat(accepted.getHeader("Conversation-ID").toString()).contains("sn-conv-ho");
        assertThat(SipTestClient.body(accepted)).contains("<delivered/>").contains("<message-id>sn-ho-1</message-id>");
        // sent: nothing more arrives
        Request extra = outboundPf.received().poll(3, TimeUnit.SECONDS);
        assertThat(extra == null || !SipTestClient.body(extra).contains("sn-ho-1")).isTrue();
    }
}
