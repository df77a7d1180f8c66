package org.cpmmss.james.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.NetworkNamespacePeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IMAP bound to 0.0.0.0 without TLS (the shipped imapserver.xml apart from the bind): a client in another host (a
 * network namespace of this test) sees {@code LOGINDISABLED} and no {@code AUTH=} mechanism, and its LOGIN and
 * AUTHENTICATE PLAIN (with and without an initial response) are answered NO, even with the right password; the
 * connection stays usable. A loopback client still logs in in clear text, out of the box.
 */
class ImapCleartextAuthenticationTest {
    static final String USER = "+33688888888@example.com";
    static final String PASSWORD = "cleartext-secret";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .prepare(configured -> configured.replace("imapserver.xml", "<bind>127.0.0.1:" + configured.imapPort(),
            "<bind>0.0.0.0:" + configured.imapPort()))
        .domain("example.com").user(USER, PASSWORD)
        .build();
    static NetworkNamespacePeer peer;

    @AfterAll
    static void shutdown() {
        if (peer != null) {
            peer.close();
        }
    }

    static InetSocketAddress fromOutside() throws Exception {
        if (peer == null) {
            peer = NetworkNamespacePeer.create();
        }
        return peer.forward(server.imapPort());
    }

    @Test
    void aClientOnAnotherHostCannotAuthenticateInClearText() throws Exception {
        try (ImapConnection imap = new ImapConnection(fromOutside())) {
            assertThat(imap.greeting()).startsWith("* OK");
            List<String> capability = imap.command("CAPABILITY");
            assertThat(capability.get(capability.size() - 1)).matches("a\\d+ OK.*");
            String caps = String.join(" ", capability);
            assertThat(caps).contains("LOGINDISABLED").doesNotContain("AUTH=").containsIgnoringCase("IMAP4rev1");

            assertThat(last(imap.command("LOGIN \"" + USER + "\" \"" + PASSWORD + "\""))).matches("a\\d+ NO .*LOGINDISABLED.*");
            String plain = Base64.getEncoder().encodeToString(("\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(last(imap.command("AUTHENTICATE PLAIN " + plain))).matches("a\\d+ NO .*");
            // without an initial response: refused at once, no continuation asking for the credentials
            List<String> noInitial = imap.command("AUTHENTICATE PLAIN");
            assertThat(noInitial).noneMatch(l -> l.startsWith("+"));
            assertThat(last(noInitial)).matches("a\\d+ NO .*");

            // still not authenticated, the connection goes on
            assertThat(last(imap.command("SELECT INBOX"))).matches("a\\d+ (NO|BAD) .*");
            assertThat(last(imap.command("NOOP"))).matches("a\\d+ OK.*");
        }
    }

    @Test
    void aLoopbackClientLogsInInClearTextOutOfTheBox() throws Exception {
        try (ImapConnection imap = new ImapConnection(server.imapPort())) {
            String caps = String.join(" ", imap.expectOk("CAPABILITY"));
            assertThat(caps).doesNotContain("LOGINDISABLED").contains("AUTH=PLAIN");
            imap.expectOk("LOGIN \"" + USER + "\" \"" + PASSWORD + "\"");
            imap.expectOk("SELECT INBOX");
        }
        try (ImapConnection imap = new ImapConnection(server.imapPort())) {
            String plain = Base64.getEncoder().encodeToString(("\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            imap.expectOk("AUTHENTICATE PLAIN " + plain);
        }
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }
}
