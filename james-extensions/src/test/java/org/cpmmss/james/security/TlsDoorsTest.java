package org.cpmmss.james.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * STARTTLS on the IMAP and SMTP doors with a self-signed PKCS12 keystore generated at test time by keytool
 * (as docs/security.md shows), and plainAuthDisallowed=true: LOGIN is refused before STARTTLS, accepted after.
 * The client trusts exactly the generated certificate.
 */
class TlsDoorsTest {
    static final String DOMAIN = "example.com";
    static final String USER = "+33655555555@" + DOMAIN;
    static final String SECRET = "changeit";
    static SSLContext trusting;
    static int imapsPort;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .prepare(configured -> {
            Path keystore = configured.confDirectory().resolve("keystore.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "cpm-mss", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", SECRET, "-keypass", SECRET)
                .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(Files.size(keystore)).isPositive();

            String tlsOff = "<tls socketTLS=\"false\" startTLS=\"false\">";
            String tlsOn = "<tls socketTLS=\"false\" startTLS=\"true\">";
            configured.replace("imapserver.xml", tlsOff, tlsOn);
            configured.replace("imapserver.xml", "<plainAuthDisallowed>false</plainAuthDisallowed>",
                "<plainAuthDisallowed>true</plainAuthDisallowed>");
            configured.replace("smtpserver.xml", tlsOff, tlsOn);
            // IMAPS: a second <imapserver> block with implicit TLS on its own port, as docs/security.md shows
            try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
                imapsPort = free.getLocalPort();
            }
            String imap = Files.readString(configured.confDirectory().resolve("imapserver.xml"), StandardCharsets.UTF_8);
            int start = imap.indexOf("<imapserver enabled=\"true\">");
            int end = imap.indexOf("</imapserver>") + "</imapserver>".length();
            String imaps = imap.substring(start, end)
                .replace("<jmxName>imapserver</jmxName>", "<jmxName>imapserver-ssl</jmxName>")
                .replaceAll("<bind>[^<]*</bind>", "<bind>127.0.0.1:" + imapsPort + "</bind>")
                .replace(tlsOn, "<tls socketTLS=\"true\" startTLS=\"false\">");
            configured.replace("imapserver.xml", "</imapserver>\n", "</imapserver>\n    " + imaps + "\n");
            // LMTP with implicit TLS
            configured.replace("lmtpserver.xml", "<connectionBacklog>200</connectionBacklog>",
                "<connectionBacklog>200</connectionBacklog>\n        <tls socketTLS=\"true\" startTLS=\"false\">"
                    + "<keystore>file://conf/keystore.p12</keystore><keystoreType>PKCS12</keystoreType>"
                    + "<secret>" + SECRET + "</secret></tls>");
        })
        .domain(DOMAIN).user(USER, "pw")
        .build();

    @BeforeAll
    static void trustTheGeneratedCertificate() throws Exception {
        Path keystore = server.confDirectory().resolve("keystore.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trust.load(in, SECRET.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);
    }

    /** A line-oriented connection that can be upgraded to TLS in place. */
    static final class Wire implements AutoCloseable {
        Socket socket;
        InputStream in;
        OutputStream out;

        Wire(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void upgrade() throws IOException {
            SSLSocket tls = (SSLSocket) trusting.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
            tls.setUseClientMode(true);
            tls.startHandshake();
            socket = tls;
            in = tls.getInputStream();
            out = tls.getOutputStream();
        }

        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int previous = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed after: " + line.toString(StandardCharsets.UTF_8));
                }
                if (previous == '\r' && b == '\n') {
                    byte[] bytes = line.toByteArray();
                    return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
                }
                line.write(b);
                previous = b;
            }
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        List<String> imap(String tag, String command) throws IOException {
            send(tag + " " + command + "\r\n");
            List<String> lines = new ArrayList<>();
            while (true) {
                String l = line();
                lines.add(l);
                if (l.startsWith(tag + " ")) {
                    return lines;
                }
            }
        }

        /** An SMTP reply (all continuation lines), joined by newlines. */
        String smtp(String command) throws IOException {
            if (command != null) {
                send(command + "\r\n");
            }
            StringBuilder reply = new StringBuilder();
            while (true) {
                String l = line();
                reply.append(l).append('\n');
                if (l.length() < 4 || l.charAt(3) != '-') {
                    return reply.toString();
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    @Test
    void imapLoginIsRefusedBeforeStartTlsAndAcceptedAfter() throws Exception {
        try (Wire wire = new Wire(server.imapPort())) {
            assertThat(wire.line()).startsWith("* OK");
            String capabilities = String.join(" ", wire.imap("a1", "CAPABILITY"));
            assertThat(capabilities).contains("STARTTLS").contains("LOGINDISABLED");
            assertThat(last(wire.imap("a2", "LOGIN \"" + USER + "\" \"pw\""))).matches("^a2 (NO|BAD).*");
            assertThat(last(wire.imap("a3", "AUTHENTICATE PLAIN AGZvbwBiYXI="))).matches("^a3 (NO|BAD).*");
            assertThat(last(wire.imap("a4", "STARTTLS"))).startsWith("a4 OK");
            wire.upgrade();
            assertThat(String.join(" ", wire.imap("a5", "CAPABILITY"))).doesNotContain("LOGINDISABLED").doesNotContain("STARTTLS");
            assertThat(last(wire.imap("a6", "LOGIN \"" + USER + "\" \"pw\""))).startsWith("a6 OK");
            assertThat(last(wire.imap("a7", "SELECT INBOX"))).startsWith("a7 OK");
        }
    }

    @Test
    void imapClientThatDoesNotTrustTheCertificateFailsTheHandshake() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", server.imapPort())) {
            plain.setSoTimeout(30_000);
            plain.getInputStream().read(new byte[256]);
            plain.getOutputStream().write("a1 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            plain.getInputStream().read(new byte[256]);
            SSLContext defaults = SSLContext.getInstance("TLS");
            defaults.init(null, null, null);
            SSLSocket tls = (SSLSocket) defaults.getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
            org.assertj.core.api.Assertions.assertThatThrownBy(tls::startHandshake).isInstanceOf(IOException.class);
        }
    }

    static Wire implicitTls(int port) throws IOException {
        Wire wire = new Wire(port);
        wire.upgrade();
        return wire;
    }

    @Test
    void imapsBlockServesImplicitTlsAndAcceptsLogin() throws Exception {
        try (Wire wire = implicitTls(imapsPort)) {
            assertThat(wire.line()).startsWith("* OK");
            assertThat(String.join(" ", wire.imap("a1", "CAPABILITY"))).doesNotContain("LOGINDISABLED");
            assertThat(last(wire.imap("a2", "LOGIN \"" + USER + "\" \"pw\""))).startsWith("a2 OK");
            assertThat(last(wire.imap("a3", "SELECT INBOX"))).startsWith("a3 OK");
        }
    }

    @Test
    void lmtpWithImplicitTlsRecordsAnObject() throws Exception {
        try (Wire wire = implicitTls(server.lmtpPort())) {
            assertThat(wire.smtp(null)).startsWith("220");
            assertThat(wire.smtp("LHLO pf.test")).startsWith("250");
            assertThat(wire.smtp("MAIL FROM:<pf@pf.test>")).startsWith("250");
            assertThat(wire.smtp("RCPT TO:<" + USER + ">")).startsWith("250");
            assertThat(wire.smtp("DATA")).startsWith("354");
            wire.out.write(SecurityFixtures.chat("tel:+33677776666", "tel:+33655555555", "conv-lmtps", "contrib-lmtps",
                "imdn-lmtps", "over lmtps"));
            assertThat(wire.smtp(".")).startsWith("250").contains("stored in");
        }
    }

    @Test
    void smtpOffersStartTlsAndAcceptsAnObjectOverTls() throws Exception {
        try (Wire wire = new Wire(server.smtpPort())) {
            assertThat(wire.smtp(null)).startsWith("220");
            assertThat(wire.smtp("EHLO pf.test")).startsWith("250").contains("STARTTLS");
            assertThat(wire.smtp("STARTTLS")).startsWith("220");
            wire.upgrade();
            assertThat(wire.smtp("EHLO pf.test")).startsWith("250").doesNotContain("STARTTLS");
            assertThat(wire.smtp("MAIL FROM:<pf@pf.test>")).startsWith("250");
            assertThat(wire.smtp("RCPT TO:<" + USER + ">")).startsWith("250");
            assertThat(wire.smtp("DATA")).startsWith("354");
            byte[] object = SecurityFixtures.chat("tel:+33666666666", "tel:+33655555555", "conv-tls", "contrib-tls",
                "imdn-tls", "over tls");
            wire.out.write(object);
            assertThat(wire.smtp(".")).startsWith("250");
            assertThat(wire.smtp("QUIT")).startsWith("221");
        }
    }
}
