package org.cpmmss.james.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.recording.CpmSamples.chat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording pipeline end to end on one server with the default policy (rcs layout, incremental). */
class RecordingPipelineTest {
    static final String DOMAIN = "example.com";
    @TempDir
    static Path work;
    static CpmMssTestServer server;

    @BeforeAll
    static void boot() throws Exception {
        server = CpmMssTestServer.withFreshData(work, Map.of("cpm.limits.max-file-size", "4096")).start();
        server.webAdmin().addDomain(DOMAIN);
    }

    @AfterAll
    static void shutdown() {
        server.stop();
    }

    static String user(String number) throws Exception {
        String account = number + "@" + DOMAIN;
        server.webAdmin().addUser(account, "pw");
        return account;
    }

    static List<String> lmtp(List<String> owners, byte[] object) throws Exception {
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            return lmtp.send("pf@pf.test", owners, object);
        }
    }

    @Test
    void oneToOneChatIsRecordedIncrementallyForBothOwners() throws Exception {
        String alice = user("+33600000001");
        String bob = user("+33600000002");
        List<String> replies = lmtp(List.of(alice, bob),
            chat("tel:+33600000001", "tel:+33600000002", "conv-1", "contrib-1", "msg-1", "Hello Bob"));
        assertThat(replies).hasSize(2).allMatch(r -> r.startsWith("250"));
        assertThat(replies.get(0)).contains("stored in Default/tel:+33600000002");
        assertThat(replies.get(1)).contains("stored in Default/tel:+33600000001");

        try (CpmImap a = new CpmImap(server.imapPort(), alice); CpmImap b = new CpmImap(server.imapPort(), bob)) {
            List<String> sent = a.messages("Default/tel:+33600000002");
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0)).contains("\\Seen").contains("Message-Direction: sent").contains("Hello Bob");
            List<String> received = b.messages("Default/tel:+33600000001");
            assertThat(received).hasSize(1);
            assertThat(received.get(0)).doesNotContain("\\Seen").contains("Message-Direction: received");

            // an IDLE client on Bob's conversation sees the next chat message at once
            b.imap.expectOk("SELECT " + b.quoted("Default/tel:+33600000001"));
            String tag = b.imap.nextTag();
            b.imap.send(tag + " IDLE\r\n");
            assertThat(b.imap.awaitLine(Pattern.compile("^\\+"), Duration.ofSeconds(5))).isNotNull();
            assertThat(lmtp(List.of(alice, bob), chat("tel:+33600000001", "tel:+33600000002", "conv-1", "contrib-1",
                "msg-2", "Still there?"))).allMatch(r -> r.startsWith("250"));
            assertThat(b.imap.awaitLine(Pattern.compile("^\\* 2 EXISTS"), Duration.ofSeconds(10))).isNotNull();
            b.imap.send("DONE\r\n");
            b.imap.readUntilTagged(tag);
        }
    }

    @Test
    void theObjectIsStoredByteForByteExceptMessageDirection() throws Exception {
        String carol = user("+33600000003");
        byte[] object = chat("tel:+33600000004", "tel:+33600000003", "conv-2", "contrib-2", "msg-bytes", "exact");
        assertThat(lmtp(List.of(carol), object)).allMatch(r -> r.startsWith("250"));
        try (CpmImap c = new CpmImap(server.imapPort(), carol)) {
            String fetched = c.messages("Default/tel:+33600000004").get(0);
            String expected = new String(object, java.nio.charset.StandardCharsets.UTF_8)
                .replace("IMDN-Message-ID: msg-bytes\r\n", "IMDN-Message-ID: msg-bytes\r\nMessage-Direction: received\r\n");
            assertThat(fetched).contains(expected);
            assertThat(fetched).doesNotContain("Received:").doesNotContain("Return-Path").doesNotContain("Delivered-To");
        }
    }
}
