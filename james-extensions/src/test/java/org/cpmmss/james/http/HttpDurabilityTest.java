package org.cpmmss.james.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A success answer of the cpm API means committed: a SIGKILL right after it loses nothing. */
class HttpDurabilityTest {
    static final String OPERATOR_TOKEN = "op-token-0123456789abcdef";

    @TempDir
    Path work;

    @Test
    void preferencesAnsweredOkSurviveASigkill() throws Exception {
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work, Map.of("cpm.http.tokens", OPERATOR_TOKEN + ":operator"))) {
            server.startForked();
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser("alice@example.com", "secret");
            CpmHttpClient alice = CpmHttpClient.basic(server.httpPort(), "alice@example.com", "secret");
            CpmHttpClient.Reply put = alice.putJson("/cpm/v1/users/alice@example.com/preferences",
                "{\"recording\":\"off\",\"do-not-disturb\":\"on\"}");
            assertThat(put.status()).as(put.toString()).isEqualTo(200);
            server.killForked();

            server.start();
            CpmHttpClient operator = CpmHttpClient.bearer(server.httpPort(), OPERATOR_TOKEN);
            var preferences = operator.get("/cpm/v1/users/alice@example.com/preferences").json().get("preferences");
            assertThat(preferences.get("recording").get("value").asText()).isEqualTo("off");
            assertThat(preferences.get("do-not-disturb").get("value").asText()).isEqualTo("on");
        }
    }
}
