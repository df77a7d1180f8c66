package org.cpmmss.james.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.WebAdminClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operator routes ({@code /cpm/admin}) answer errors as RFC 7807 problem documents like the cpm HTTP API, with
 * the status codes and texts they always had and the text also under {@code error}; what was stored stays.
 */
class AdminProblemTest {
    private static final String ALICE = "alice@example.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .domain("example.com").user(ALICE, "secret").build();
    static WebAdminClient admin;

    @BeforeAll
    static void clients() {
        admin = server.webAdmin();
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String type, String path) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("type").asText()).isEqualTo("https://cpm-mss.invalid/problems/" + type);
        assertThat(body.path("title").asText()).isNotBlank();
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("instance").asText()).isEqualTo(path);
        assertThat(body.path("error").asText()).isEqualTo(body.path("detail").asText());
        return body;
    }

    @Test
    void unknownUserIs404() throws Exception {
        for (String path : new String[] {"/cpm/admin/users/nobody@example.com/preferences",
            "/cpm/admin/users/nobody@example.com/deferred", "/cpm/admin/users/nobody@example.com/export"}) {
            JsonNode body = problem(admin.send("GET", path, null), 404, "not-found", path);
            assertThat(body.path("detail").asText()).isEqualTo("unknown user nobody@example.com");
        }
    }

    @Test
    void badPreferenceIs400AndStoresNothing() throws Exception {
        String path = "/cpm/admin/users/" + ALICE + "/preferences/recording";
        JsonNode body = problem(admin.send("PUT", path, "maybe"), 400, "bad-request", path);
        assertThat(body.path("detail").asText()).isEqualTo("invalid value 'maybe' for recording; allowed: [on, off]");
        JsonNode preferences = JSON.readTree(admin.send("GET", "/cpm/admin/users/" + ALICE + "/preferences", null).body());
        assertThat(preferences.path("recording").path("source").asText()).isEqualTo("operator default");
    }

    @Test
    void badImportLineIs400() throws Exception {
        String path = "/cpm/admin/users/" + ALICE + "/import";
        JsonNode body = problem(admin.send("POST", path, "{\"type\":\"export\",\"version\":1}\nnot json\n"), 400, "bad-request", path);
        assertThat(body.path("detail").asText()).isEqualTo("line 2: not JSON");
    }
}
