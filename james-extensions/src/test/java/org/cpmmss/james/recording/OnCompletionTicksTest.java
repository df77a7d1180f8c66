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

/**
 * Disposition ticks under {@code cpm.recording.session-mode=on-completion} (docs/notifications.md §8): a delivery
 * report about a chat message still held in an open session is kept pending and set on the session object once
 * the session ends and is stored.
 */
class OnCompletionTicksTest {
    static final String DOMAIN = "example.com";
    @TempDir
    Path work;

    static List<String> lmtp(CpmMssTestServer server, List<String> owners, byte[] object) throws Exception {
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), owners, object);
    }

    @Test
    void aTickForAMessageHeldInASessionIsSetOnTheSessionObjectWhenItIsStored() throws Exception {
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work, Map.of("cpm.recording.session-mode", "on-completion"))) {
            server.start();
            server.webAdmin().addDomain(DOMAIN);
            String alice = "+33614000001@" + DOMAIN;
            String bob = "+33614000002@" + DOMAIN;
            server.webAdmin().addUser(alice, "pw");
            server.webAdmin().addUser(bob, "pw");
            List<String> owners = List.of(alice, bob);
            assertThat(lmtp(server, owners, sessionInfo("tel:+33614000001", "tel:+33614000002", "ot-conv", "ot-1", "ot-info",
                "1-1", "tel:+33614000002"))).allMatch(r -> r.contains("held"));
            assertThat(lmtp(server, owners, chat("tel:+33614000001", "tel:+33614000002", "ot-conv", "ot-1", "ot-m1", "held one")))
                .allMatch(r -> r.contains("held"));
            assertThat(lmtp(server, owners, delivered("tel:+33614000002", "tel:+33614000001", "ot-conv", "ot-1", "ot-d1", "ot-m1")))
                .allMatch(r -> r.startsWith("250"));
            assertThat(lmtp(server, owners, chat("tel:+33614000001", "tel:+33614000002", "ot-conv", "ot-1", "ot-m2", "bye",
                "CPM-Session-State: ended"))).allMatch(r -> r.contains("stored"));
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                try (CpmImap a = new CpmImap(server.imapPort(), alice)) {
                    assertThat(a.messages("Default/tel:+33614000002")).singleElement().asString()
                        .contains("Application/X-CPM-Session").contains("held one").contains("$delivered");
                }
            });
        }
    }
}
