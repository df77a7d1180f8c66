package org.cpmmss.james.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.security.SecurityFixtures.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.MailDoorClient;
import org.cpmmss.james.testing.NetworkNamespacePeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PF doors with the shipped networks (loopback only), listening on every interface: a client connecting
 * from another host (a network namespace of this test, {@link NetworkNamespacePeer}) is refused at RCPT over SMTP without AUTH and over LMTP
 * ({@code 530 5.7.1}); over SMTP, AUTH as a James user lets it in; loopback clients are unaffected. The
 * per-IP connection limit closes connections beyond it; a PF over {@code cpm.http.ingest-rate} gets 429 with
 * Retry-After, other PFs do not.
 */
class DoorAuthenticationTest {
    static final String DOMAIN = "example.com";
    static final String RECIPIENT = "+33688888888@" + DOMAIN;
    static final String PF_USER = "pf@" + DOMAIN;
    static final int LMTP_CONNECTIONS_PER_IP = 3;
    static final String PF_TOKEN = "door-test-pf-token-0123456789";
    static final String OTHER_PF_TOKEN = "door-test-other-pf-token-0123";
    static final int INGEST_RATE = 5;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.http.tokens", PF_TOKEN + ":pf, " + OTHER_PF_TOKEN + ":pf")
        .cpmProperty("cpm.http.ingest-rate", String.valueOf(INGEST_RATE))
        .prepare(configured -> {
            configured.replace("smtpserver.xml", "<bind>127.0.0.1:" + configured.smtpPort(), "<bind>0.0.0.0:" + configured.smtpPort());
            configured.replace("lmtpserver.xml", "<bind>127.0.0.1:" + configured.lmtpPort(), "<bind>0.0.0.0:" + configured.lmtpPort());
        })
        // the shipped SMTP offers AUTH over TLS only; plain text here keeps the test free of a keystore
        .replace("smtpserver.xml", "<requireSSL>true</requireSSL>", "<requireSSL>false</requireSSL>")
        .replace("lmtpserver.xml", "<connectionLimitPerIP>500</connectionLimitPerIP>",
            "<connectionLimitPerIP>" + LMTP_CONNECTIONS_PER_IP + "</connectionLimitPerIP>")
        .domain(DOMAIN).user(RECIPIENT, "pw").user(PF_USER, "pf-secret")
        .build();
    static NetworkNamespacePeer peer;
    static final java.util.Map<Integer, InetSocketAddress> forwarded = new java.util.HashMap<>();

    @AfterAll
    static void shutdown() {
        if (peer != null) {
            peer.close();
        }
    }

    /** A line client connected to {@code target} (loopback, or a forwarder in the test's network namespace). */
    static final class LineClient implements AutoCloseable {
        final Socket socket = new Socket();
        final BufferedReader in;
        final OutputStream out;

        LineClient(InetAddress loopback, int port) throws IOException {
            this(new InetSocketAddress(loopback, port));
        }

        LineClient(InetSocketAddress target) throws IOException {
            socket.connect(target, 5000);
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            out = socket.getOutputStream();
        }

        String reply() throws IOException {
            StringBuilder b = new StringBuilder();
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    throw new IOException("connection closed");
                }
                b.append(line).append('\n');
                if (line.length() < 4 || line.charAt(3) != '-') {
                    return b.toString().trim();
                }
            }
        }

        String command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return reply();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * The server's {@code port} as a client outside the authorized networks reaches it: through a forwarder in a
     * network namespace of this test ({@link NetworkNamespacePeer}), so the server sees the namespace's address.
     */
    static synchronized InetSocketAddress fromOutside(int port) throws Exception {
        if (peer == null) {
            peer = NetworkNamespacePeer.create();
        }
        InetSocketAddress known = forwarded.get(port);
        if (known == null) {
            known = peer.forward(port);
            forwarded.put(port, known);
        }
        return known;
    }

    @Test
    void smtpRefusesAClientOutsideTheAuthorizedNetworksWithoutAuth() throws Exception {
        try (LineClient smtp = new LineClient(fromOutside(server.smtpPort()))) {
            assertThat(smtp.reply()).startsWith("220");
            assertThat(smtp.command("EHLO pf.test")).startsWith("250");
            assertThat(smtp.command("MAIL FROM:<pf@pf.test>")).startsWith("250");
            assertThat(smtp.command("RCPT TO:<" + RECIPIENT + ">")).startsWith("530 5.7.1 Authentication required");
        }
    }

    @Test
    void smtpLetsAClientOutsideTheNetworksInAfterAuth() throws Exception {
        try (LineClient smtp = new LineClient(fromOutside(server.smtpPort()))) {
            assertThat(smtp.reply()).startsWith("220");
            assertThat(smtp.command("EHLO pf.test")).contains("AUTH");
            String wrong = Base64.getEncoder().encodeToString(("\0" + PF_USER + "\0nope").getBytes(StandardCharsets.UTF_8));
            assertThat(smtp.command("AUTH PLAIN " + wrong)).startsWith("535");
            String plain = Base64.getEncoder().encodeToString(("\0" + PF_USER + "\0pf-secret").getBytes(StandardCharsets.UTF_8));
            assertThat(smtp.command("AUTH PLAIN " + plain)).startsWith("235");
            assertThat(smtp.command("MAIL FROM:<" + PF_USER + ">")).startsWith("250");
            assertThat(smtp.command("RCPT TO:<" + RECIPIENT + ">")).startsWith("250");
            assertThat(smtp.command("DATA")).startsWith("354");
            String object = new String(chat("tel:+33677777777", "tel:+33688888888", "auth-conv", "auth-contrib", "auth-1", "hi"),
                StandardCharsets.ISO_8859_1);
            assertThat(smtp.command(object + ".")).startsWith("250");
        }
    }

    @Test
    void lmtpRefusesAClientOutsideTheAuthorizedNetworks() throws Exception {
        try (LineClient lmtp = new LineClient(fromOutside(server.lmtpPort()))) {
            assertThat(lmtp.reply()).startsWith("220");
            assertThat(lmtp.command("LHLO pf.test")).startsWith("250");
            assertThat(lmtp.command("MAIL FROM:<pf@pf.test>")).startsWith("250");
            assertThat(lmtp.command("RCPT TO:<" + RECIPIENT + ">")).startsWith("530 5.7.1 Authentication required");
        }
    }

    @Test
    void loopbackClientsNeedNoAuthentication() throws Exception {
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            assertThat(lmtp.send("pf@pf.test", List.of(RECIPIENT),
                chat("tel:+33677777777", "tel:+33688888888", "lo-conv", "lo-contrib", "lo-1", "hi"))).allMatch(r -> r.startsWith("250"));
        }
        try (MailDoorClient smtp = MailDoorClient.smtp(server.smtpPort())) {
            assertThat(smtp.send("pf@pf.test", List.of(RECIPIENT),
                chat("tel:+33677777777", "tel:+33688888888", "lo-conv", "lo-contrib", "lo-2", "hi"))).allMatch(r -> r.startsWith("250"));
        }
    }

    @Test
    void connectionsBeyondThePerIpLimitAreClosed() throws Exception {
        List<LineClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < LMTP_CONNECTIONS_PER_IP; i++) {
                LineClient c = new LineClient(InetAddress.getLoopbackAddress(), server.lmtpPort());
                assertThat(c.reply()).startsWith("220");
                open.add(c);
            }
            try (LineClient beyond = new LineClient(InetAddress.getLoopbackAddress(), server.lmtpPort())) {
                String answer;
                try {
                    answer = beyond.reply();
                } catch (IOException e) {
                    answer = "closed";
                }
                assertThat(answer).doesNotStartWith("220");
            }
        } finally {
            for (LineClient c : open) {
                c.close();
            }
        }
        // below the limit again: served
        Thread.sleep(500);
        try (LineClient again = new LineClient(InetAddress.getLoopbackAddress(), server.lmtpPort())) {
            assertThat(again.reply()).startsWith("220");
        }
    }

    @Test
    void aPfOverTheIngestRateGets429WithRetryAfterAndOtherPfsDoNot() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String body = "{\"from\":\"tel:+33677777777\",\"to\":[\"tel:+33688888888\"],\"conversationId\":\"rate\","
            + "\"imdnMessageId\":\"rate-%d\",\"text\":\"x\"}";
        List<java.net.http.HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < INGEST_RATE * 4; i++) {
            answers.add(client.send(ingest(PF_TOKEN, String.format(body, i)), java.net.http.HttpResponse.BodyHandlers.ofString()));
        }
        List<java.net.http.HttpResponse<String>> limited = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(limited).as("answers over the rate").isNotEmpty();
        assertThat(answers.get(0).statusCode()).as(answers.get(0).body()).isNotEqualTo(429);
        java.net.http.HttpResponse<String> first = limited.get(0);
        assertThat(first.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(first.body()).contains("\"status\":429").contains("cpm.http.ingest-rate");
        long retryAfter = Long.parseLong(first.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);

        // another PF is not slowed down by the first one
        assertThat(client.send(ingest(OTHER_PF_TOKEN, String.format(body, 1000)), java.net.http.HttpResponse.BodyHandlers.ofString())
            .statusCode()).isNotEqualTo(429);
        // after Retry-After, the first PF is served again
        Thread.sleep(retryAfter * 1000);
        assertThat(client.send(ingest(PF_TOKEN, String.format(body, 2000)), java.net.http.HttpResponse.BodyHandlers.ofString())
            .statusCode()).isNotEqualTo(429);
    }

    static java.net.http.HttpRequest ingest(String token, String json) {
        return java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.httpPort()
                + "/cpm/v1/standalone-messages"))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
