package org.cpmmss.james.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.recording.CpmSamples.chat;
import static org.cpmmss.james.recording.CpmSamples.delivered;
import static org.cpmmss.james.recording.CpmSamples.sessionInfo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** on-completion sessions (held durably across a restart), the oma layout, and operator policy off. */
class SessionModesAndLayoutsTest {
    static final String DOMAIN = "example.com";
    @TempDir
    Path work;

    static List<String> lmtp(CpmMssTestServer server, List<String> owners, byte[] object) throws Exception {
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), owners, object);
    }

    @Test
    void onCompletionStoresOneSessionObjectAndHeldSessionsSurviveARestart() throws Exception {
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work, Map.of(
                "cpm.recording.session-mode", "on-completion", "cpm.recording.session-idle-timeout", "PT12S"))) {
            server.start();
            server.webAdmin().addDomain(DOMAIN);
            String alice = "+33610000001@" + DOMAIN;
            String bob = "+33610000002@" + DOMAIN;
            server.webAdmin().addUser(alice, "pw");
            server.webAdmin().addUser(bob, "pw");
            List<String> owners = List.of(alice, bob);
            String folder = "Default/tel:+33610000002";

            // a 1-1 session: info, two chat messages, a notification, then the end marker
            assertThat(lmtp(server, owners, sessionInfo("tel:+33610000001", "tel:+33610000002", "oc-conv", "oc-1", "oc-info",
                "1-1", "tel:+33610000002"))).allMatch(r -> r.startsWith("250") && r.contains("held"));
            assertThat(lmtp(server, owners, chat("tel:+33610000001", "tel:+33610000002", "oc-conv", "oc-1", "oc-m1", "first")))
                .allMatch(r -> r.startsWith("250") && r.contains("held"));
            assertThat(lmtp(server, owners, chat("tel:+33610000002", "tel:+33610000001", "oc-conv", "oc-1", "oc-m2", "second")))
                .allMatch(r -> r.startsWith("250") && r.contains("held"));
            assertThat(lmtp(server, owners, chat("tel:+33610000002", "tel:+33610000001", "oc-conv", "oc-1", "oc-m2", "second")))
                .allMatch(r -> r.startsWith("250") && r.contains("already held"));
            try (CpmImap a = new CpmImap(server.imapPort(), alice)) {
                assertThat(a.totalMessages()).isZero();
            }
            assertThat(lmtp(server, owners, delivered("tel:+33610000002", "tel:+33610000001", "oc-conv", "oc-1", "oc-d1", "oc-m1")))
                .allMatch(r -> r.startsWith("250") && r.contains("held"));
            assertThat(lmtp(server, owners, chat("tel:+33610000001", "tel:+33610000002", "oc-conv", "oc-1", "oc-m3", "bye",
                "CPM-Session-State: ended"))).allMatch(r -> r.startsWith("250") && r.contains("stored"));
            try (CpmImap a = new CpmImap(server.imapPort(), alice); CpmImap b = new CpmImap(server.imapPort(), bob)) {
                List<String> objects = a.messages(folder);
                assertThat(objects).hasSize(1);
                assertThat(objects.get(0)).contains("type=\"Application/X-CPM-Session\"").contains("Message-Direction: sent")
                    .contains("first").contains("second").contains("bye").contains("<delivered/>")
                    .doesNotContain("CPM-Session-State");
                assertThat(a.totalMessages()).isEqualTo(1);
                assertThat(b.messages("Default/tel:+33610000001")).singleElement().asString()
                    .contains("Message-Direction: received").contains("first").contains("bye");
            }
            // a resent part after the end is a duplicate
            assertThat(lmtp(server, owners, chat("tel:+33610000001", "tel:+33610000002", "oc-conv", "oc-1", "oc-m1", "first")))
                .allMatch(r -> r.startsWith("250") && r.contains("already stored"));

            // an open session survives a restart and is assembled once idle for the timeout
            assertThat(lmtp(server, owners, sessionInfo("tel:+33610000001", "tel:+33610000002", "oc-conv", "oc-2", "oc2-info",
                "1-1", "tel:+33610000002"))).allMatch(r -> r.contains("held"));
            assertThat(lmtp(server, owners, chat("tel:+33610000001", "tel:+33610000002", "oc-conv", "oc-2", "oc2-m1",
                "before the restart"))).allMatch(r -> r.contains("held"));
            server.stop();
            server.start();
            assertThat(lmtp(server, owners, chat("tel:+33610000002", "tel:+33610000001", "oc-conv", "oc-2", "oc2-m2",
                "after the restart"))).allMatch(r -> r.contains("held"));
            try (CpmImap a = new CpmImap(server.imapPort(), alice)) {
                assertThat(a.messages(folder)).hasSize(1);
                Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> a.messages(folder).size() == 2);
                assertThat(a.messages(folder).get(1)).contains("before the restart").contains("after the restart")
                    .contains("Contribution-ID: oc-2");
            }
        }
    }

    @Test
    void omaLayoutThenRecordingOffByOperatorPolicy() throws Exception {
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work, Map.of("cpm.folder.layout", "oma"))) {
            server.start();
            server.webAdmin().addDomain(DOMAIN);
            String carol = "+33610000003@" + DOMAIN;
            server.webAdmin().addUser(carol, "pw");
            // a session's objects in <root>/<conv>/<contrib>, a standalone message in <root>/<conv>
            assertThat(lmtp(server, List.of(carol), sessionInfo("tel:+33610000004", "tel:+33610000003", "oma-conv", "oma-s1",
                "oma-info", "1-1", "tel:+33610000003"))).allMatch(r -> r.contains("stored in Default/oma-conv/oma-s1"));
            assertThat(lmtp(server, List.of(carol), chat("tel:+33610000004", "tel:+33610000003", "oma-conv", "oma-s1",
                "oma-m1", "in the session"))).allMatch(r -> r.contains("stored in Default/oma-conv/oma-s1"));
            assertThat(lmtp(server, List.of(carol), chat("tel:+33610000004", "tel:+33610000003", "oma-conv", "oma-pager",
                "oma-m2", "standalone"))).allMatch(r -> r.contains("stored in Default/oma-conv "));
            try (CpmImap c = new CpmImap(server.imapPort(), carol)) {
                assertThat(c.messages("Default/oma-conv/oma-s1")).hasSize(2);
                assertThat(c.messages("Default/oma-conv")).hasSize(1);
            }
            server.stop();
            server.setCpmProperties(Map.of("cpm.recording.media-path-allowed", "false"));
            server.start();
            assertThat(lmtp(server, List.of(carol), chat("tel:+33610000004", "tel:+33610000003", "oma-conv", "oma-s1",
                "oma-m3", "not recorded"))).singleElement().asString().startsWith("250").contains("not recorded (policy)");
            try (CpmImap c = new CpmImap(server.imapPort(), carol)) {
                assertThat(c.totalMessages()).isEqualTo(3);
            }
        }
    }
}
