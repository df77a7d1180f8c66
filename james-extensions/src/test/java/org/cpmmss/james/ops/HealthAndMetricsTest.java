package org.cpmmss.james.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** WebAdmin's /healthcheck with cpm-mss's checks, and the Prometheus /metrics route, on a real server. */
class HealthAndMetricsTest {
    private static final String ALICE = "alice@example.com";
    private static final String PASSWORD = "secret";
    private static final Pattern SAMPLE = Pattern.compile(
        "^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)$");

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        // the sweeper must not remove the expired object below before the metrics are read
        .cpmProperty("cpm.deferred.sweep-interval", "PT1H")
        .domain("example.com").user(ALICE, PASSWORD)
        .build();

    @BeforeAll
    static void fill() throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            imap.expectOk("CREATE \"Default/tel:+33640332859\"");
            // one temporary object already past its expiry (the sweeper's backlog) and one still valid
            RecordedConversation.append(imap, "Default/tel:+33640332859", "($cpm-temporary)",
                "Date: Mon, 01 Jan 2024 10:00:00 +0000\nFrom: tel:+33640332859\nTo: sip:alice@example.com\n"
                    + "IMDN-Message-ID: exp-1\nExpires: Tue, 02 Jan 2024 10:00:00 +0000\nContent-Type: text/plain\n\nold\n");
            RecordedConversation.append(imap, "Default/tel:+33640332859", "($cpm-temporary)",
                "Date: Mon, 01 Jan 2024 10:00:00 +0000\nFrom: tel:+33640332859\nTo: sip:alice@example.com\n"
                    + "IMDN-Message-ID: exp-2\nExpires: Fri, 01 Jan 2100 10:00:00 +0000\nContent-Type: text/plain\n\nnew\n");
            imap.expectOk("SELECT \"Default/tel:+33640332859\"");
            imap.expectOk("UID FETCH 1:* (UID FLAGS)");
        }
        try (MailDoorClient smtp = MailDoorClient.smtp(server.smtpPort())) {
            smtp.send("pf@pf.test", List.of(ALICE), RecordedConversation.crlf("From: pf@pf.test\nTo: alice@example.com\nSubject: x\n\nbody\n"));
        }
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            for (int i = 0; i < 2; i++) {
                lmtp.send("pf@pf.test", List.of(ALICE), RecordedConversation.crlf("From: pf@pf.test\nTo: alice@example.com\nSubject: y" + i + "\n\nbody\n"));
            }
        }
    }

    @Test
    void healthcheckListsAndPassesTheCpmChecks() throws Exception {
        HttpResponse<String> all = server.webAdmin().send("GET", "/healthcheck", null);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).startsWith("{\"status\":\"healthy\"");
        for (String component : List.of("H2 database", "Mail queue", "Lucene index", "Data directory", "Expiry sweeper", "SIP bridge", "Embedded ActiveMQ")) {
            assertThat(all.body()).contains("{\"componentName\":\"" + component + "\",\"escapedComponentName\":\""
                + component.replace(" ", "%20") + "\",\"status\":\"healthy\"");
        }
        assertThat(server.webAdmin().send("GET", "/healthcheck/checks", null).body())
            .contains("\"H2 database\"", "\"Mail queue\"", "\"Lucene index\"", "\"Data directory\"");
        HttpResponse<String> one = server.webAdmin().send("GET", "/healthcheck/checks/Lucene%20index", null);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).contains("\"status\":\"healthy\"");
    }

    @Test
    void theDockerHealthcheckCallsThisRoute() throws Exception {
        // the image serves HTTPS (docker/container-conf.sh); the path is what must exist, and be public
        Path dockerfile = CpmMssTestServer.shippedConfDirectory().getParent().resolve("docker").resolve("Dockerfile");
        Matcher m = Pattern.compile("HEALTHCHECK[^\n]*\\\n\s*CMD curl [^\n]*https?://127\\.0\\.0\\.1:8000(/\\S*)")
            .matcher(java.nio.file.Files.readString(dockerfile));
        assertThat(m.find()).as("HEALTHCHECK curl line in docker/Dockerfile").isTrue();
        assertThat(m.group(1)).isEqualTo("/healthcheck");
        assertThat(server.webAdmin().send("GET", m.group(1), null).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsAreValidPrometheusTextWithDoorQueueAndExpiryFigures() throws Exception {
        // the spooled SMTP mail is delivered (INBOX holds it and the two LMTP mails): the spool is empty again
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> inboxMessages() == 3);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
            value(server.webAdmin().send("GET", "/metrics", null).body(), "cpm_mail_queue_depth{queue=\"spool\"}") == 0);
        HttpResponse<String> response = server.webAdmin().send("GET", "/metrics", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        String body = response.body();
        String family = null;
        for (String line : body.split("\n")) {
            if (line.startsWith("# HELP ")) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                assertThat(line).matches("# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|summary|histogram|untyped)");
                family = line.split(" ")[2];
                continue;
            }
            assertThat(line).as("sample line").matches(SAMPLE);
            assertThat(line).as("sample belongs to the family declared above it").startsWith(family);
        }
        // the version set in the pom, filtered into the jar by the build (never "unknown")
        assertThat(org.cpmmss.james.plumbing.CpmMssVersion.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(body).contains("\ncpm_build_info{version=\"" + org.cpmmss.james.plumbing.CpmMssVersion.version() + "\"} 1\n");
        assertThat(value(body, "cpm_door_requests_total{door=\"imap\",command=\"SELECT\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(body, "cpm_door_requests_total{door=\"imap\",command=\"APPEND\"}")).isGreaterThanOrEqualTo(2);
        // SMTP and LMTP are told apart: one mail over SMTP, two over LMTP (one connection)
        assertThat(value(body, "cpm_door_requests_total{door=\"smtp\",command=\"MAIL\"}")).isEqualTo(1);
        assertThat(value(body, "cpm_door_requests_total{door=\"smtp\",command=\"EHLO\"}")).isEqualTo(1);
        assertThat(value(body, "cpm_door_requests_total{door=\"smtp\",command=\"DATA_END\"}")).isEqualTo(1);
        assertThat(value(body, "cpm_door_requests_total{door=\"lmtp\",command=\"MAIL\"}")).isEqualTo(2);
        assertThat(value(body, "cpm_door_requests_total{door=\"lmtp\",command=\"LHLO\"}")).isEqualTo(1);
        assertThat(value(body, "cpm_door_requests_total{door=\"lmtp\",command=\"DATA_END\"}")).isEqualTo(2);
        assertThat(body).contains("cpm_door_request_duration_seconds{door=\"lmtp\",command=\"DATA_END\",quantile=\"0.99\"} ");
        assertThat(body).contains("cpm_door_request_duration_seconds{door=\"imap\",command=\"SELECT\",quantile=\"0.99\"} ");
        assertThat(value(body, "cpm_mail_queue_depth{queue=\"spool\"}")).isEqualTo(0);
        assertThat(value(body, "cpm_deferred_temporary_objects")).isEqualTo(2);
        assertThat(value(body, "cpm_expiry_backlog")).isEqualTo(1);
        assertThat(value(body, "cpm_notifications_suppressed_total")).isEqualTo(0);
        assertThat(body).contains("# TYPE james_IMAP_SELECT_seconds summary");
    }

    static int inboxMessages() throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            String status = String.join(" ", imap.expectOk("STATUS INBOX (MESSAGES)"));
            Matcher m = Pattern.compile("MESSAGES (\\d+)").matcher(status);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }
    }

    static double value(String exposition, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(exposition);
        if (!m.find()) {
            throw new AssertionError("no series " + series + " in\n" + exposition);
        }
        return Double.parseDouble(m.group(1));
    }
}
