package org.cpmmss.james.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.sip.SipFixtures.PASSWORD;
import static org.cpmmss.james.sip.SipFixtures.cpim;
import static org.cpmmss.james.sip.SipFixtures.setPreference;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sip.message.Request;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL right after a success answer of the SIP bridge loses nothing (forked server, real main class). */
class SipCrashTest {
    static final String ALICE = "alice@example.com";
    static final String BOB = "bob@example.com";
    static final String ERIN = "erin@example.com";

    @TempDir
    Path work;

    static Map<String, String> headers(boolean handover) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Conversation-ID", "crash-conv");
        h.put("Contribution-ID", "crash-contrib");
        if (handover) {
            h.put("CPM-Delivery", "deferred-handover");
            h.put("Expires", "3600");
        }
        return h;
    }

    /** One forked server, one SIGKILL: both kinds of success answer (200 recorded, 202 queued) must survive it. */
    @Test
    void successAnswersSurviveSigkill() throws Exception {
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work).startForked();
             SipTestClient pf = new SipTestClient()) {
            server.webAdmin().addDomain("example.com");
            for (String user : new String[] {ALICE, BOB, ERIN}) {
                server.webAdmin().addUser(user, PASSWORD);
            }
            setPreference(server.imapPort(), ERIN, "deferred-delivery", "push");
            for (int i = 1; i <= 10; i++) {
                assertThat(pf.send(pf.message(i % 2 == 0 ? "tcp" : "udp", server.sipPort(), "sip:" + ALICE, "sip:" + BOB,
                    headers(false), "message/cpim", cpim("sip:" + ALICE, "sip:" + BOB, "crash-m-" + i, "m" + i))).getStatusCode())
                    .isEqualTo(200);
            }
            for (int i = 1; i <= 5; i++) {
                assertThat(pf.send(pf.message("tcp", server.sipPort(), "sip:" + ALICE, "sip:" + ERIN, headers(true), "message/cpim",
                    cpim("sip:" + ALICE, "sip:" + ERIN, "crash-q-" + i, "queued " + i))).getStatusCode()).isEqualTo(202);
            }
            server.killForked();
            server.startForked();

            // FETCH, not SEARCH: the Lucene index is not what a SIGKILL must preserve; the messages are.
            String sent = SipFixtures.fetchHeaders(server.imapPort(), ALICE, "Default/sip:" + BOB, "1:*");
            String received = SipFixtures.fetchHeaders(server.imapPort(), BOB, "Default/sip:" + ALICE, "1:*");
            for (int i = 1; i <= 10; i++) {
                assertThat(sent).contains("IMDN-Message-ID: crash-m-" + i);
                assertThat(received).contains("IMDN-Message-ID: crash-m-" + i);
            }
            try (SipTestClient device = new SipTestClient()) {
                assertThat(device.send(device.register("udp", server.sipPort(), "sip:" + ERIN, device.contact("erin", "udp"), null, 600))
                    .getStatusCode()).isEqualTo(200);
                for (int i = 1; i <= 5; i++) {
                    Request pushed = device.received().poll(15, TimeUnit.SECONDS);
                    assertThat(pushed).as("pushed message " + i).isNotNull();
                    assertThat(SipTestClient.body(pushed)).contains("crash-q-" + i);
                }
            }
        }
    }
}
