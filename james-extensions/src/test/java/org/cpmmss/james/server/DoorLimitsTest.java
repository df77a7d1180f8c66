package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.cpmmss.james.server.checks.DoorLimitsCheck;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The door limits agree with {@code cpm.limits.max-file-size}: the shipped configuration takes a file transfer
 * whose file is close to the file limit through LMTP (read back over IMAP), and a door limit below the file limit
 * stops the start with a message naming both keys.
 */
class DoorLimitsTest {
    static final String DOMAIN = "example.com";

    @TempDir
    Path work;

    @Test
    void startIsRefusedWhenTheLmtpLimitIsBelowTheFileLimit() {
        CpmMssTestServer server = CpmMssTestServer.withFreshData(work);
        server.replace("lmtpserver.xml", "<maxmessagesize>32768</maxmessagesize>", "<maxmessagesize>1024</maxmessagesize>");
        assertThatThrownBy(server::start)
            .hasStackTraceContaining(DoorLimitsCheck.CHECK_NAME)
            .hasStackTraceContaining("lmtpserver.xml <maxmessagesize> is 1024 KiB")
            .hasStackTraceContaining("cpm.limits.max-file-size (20971520 bytes)");
        server.stop();
    }

    @Test
    void startIsRefusedWhenTheFileLimitIsRaisedAboveTheSmtpLimit() {
        CpmMssTestServer server = CpmMssTestServer.withFreshData(work,
            java.util.Map.of("cpm.limits.max-file-size", String.valueOf(64L * 1024 * 1024)));
        assertThatThrownBy(server::start)
            .hasStackTraceContaining("smtpserver.xml <maxmessagesize> is 32768 KiB")
            .hasStackTraceContaining("lmtpserver.xml <maxmessagesize> is 32768 KiB")
            .hasStackTraceContaining("cpm.limits.max-file-size (67108864 bytes)");
        server.stop();
    }

    @Test
    void theShippedLimitsTakeAFileTransferNearTheFileLimitOverLmtp() throws Exception {
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work).start()) {
            server.webAdmin().addDomain(DOMAIN);
            String alice = "+33600000091@" + DOMAIN;
            server.webAdmin().addUser(alice, "pw");
            byte[] file = new byte[16 * 1024 * 1024]; // base64: ~22 MiB on the wire, above the former 20 MiB door
            new Random(7).nextBytes(file);
            byte[] object = fileTransfer("tel:+33600000091", "tel:+33600000092", "lim-conv", "lim-1", "lim-ft-1", file);
            assertThat(object.length).isGreaterThan(21 * 1024 * 1024);
            try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
                assertThat(lmtp.send("pf@pf.test", List.of(alice), object)).singleElement().asString()
                    .startsWith("250").contains("stored in Default/tel:+33600000092");
            }
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), alice, "pw")) {
                imap.expectOk("EXAMINE \"Default/tel:+33600000092\"");
                assertThat(String.join("\n", imap.expectOk("UID FETCH 1:* (RFC822.SIZE)")))
                    .contains("RFC822.SIZE " + (object.length + "Message-Direction: sent\r\n".length()));
            }
        }
    }

    /** A 1-1 file transfer history object carrying one file. */
    static byte[] fileTransfer(String from, String to, String conv, String contrib, String id, byte[] data) {
        String head = "Date: Fri, 25 Mar 2016 12:00:00 +0100\r\n"
            + "From: " + from + "\r\nTo: " + to + "\r\n"
            + "Conversation-ID: " + conv + "\r\nContribution-ID: " + contrib + "\r\nIMDN-Message-ID: " + id + "\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/related;boundary=cpm; type=\"Application/X-CPM-File-Transfer\"\r\n\r\n"
            + "--cpm\r\nContent-Type: Application/X-CPM-File-Transfer\r\n\r\n"
            + "<file-transfer-type>1-1</file-transfer-type>\r\n<invited-participants>" + to + "</invited-participants>\r\n"
            + "<file-object>\r\n  <cid>cid:file1@pf.test</cid>\r\n  <sdp>a=sendonly\r\n"
            + "a=file-selector:name:\"big.bin\" type:application/octet-stream size:" + data.length + "\r\n</sdp>\r\n"
            + "</file-object>\r\n"
            + "--cpm\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
            + "Content-ID: <file1@pf.test>\r\n\r\n";
        String encoded = Base64.getMimeEncoder().encodeToString(data);
        return (head + encoded + "\r\n--cpm--\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
