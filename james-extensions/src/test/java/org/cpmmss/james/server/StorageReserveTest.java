package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sip.header.RetryAfterHeader;
import javax.sip.message.Response;

import org.awaitility.Awaitility;
import org.cpmmss.james.plumbing.StorageReserve;
import org.cpmmss.james.sip.SipTestClient;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.CpmObjectSamples;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cpm.storage.min-free} on the real file system: the server's reserve is set 256 MiB below the free space at the
 * start, then a 512 MiB ballast file (as another process filling the disk would) takes the data directory's file
 * system under it. Every door must refuse with its temporary answer before anything is written; once the ballast is
 * deleted the same server takes objects again at once, and every object the doors acknowledged is stored exactly once.
 */
class StorageReserveTest {
    private static final String ALICE = "+33600000001@example.com";
    private static final String BOB = "bob@example.com";
    private static final String PASSWORD = "secret";
    private static final String TOKEN = "reserve-pf-token";
    private static final String CONVERSATION_FOLDER = "\"Default/tel:+33600000002\"";
    private static final long MIB = 1024L * 1024;

    @TempDir
    static Path work;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.http.tokens", TOKEN + ":pf")
        .prepare(configured -> {
            long free = Files.getFileStore(configured.dataDirectory()).getUsableSpace();
            org.cpmmss.james.testing.CiRequirement.require(free > 2048 * MIB, "2 GiB free in the temporary directory for the ballast file");
            configured.setCpmProperties(Map.of(StorageReserve.MIN_FREE, Long.toString(free - 256 * MIB)));
        })
        .domain("example.com").user(ALICE, PASSWORD).user(BOB, PASSWORD)
        .build();
    static Path ballast;

    @BeforeAll
    static void ballastPath() {
        ballast = work.resolve("ballast");
    }

    @AfterAll
    static void removeBallast() throws Exception {
        Files.deleteIfExists(ballast);
    }

    @Test
    void everyDoorRefusesWithItsTemporaryAnswerBelowTheReserveAndTakesObjectsAgainOnceSpaceIsFreed() throws Exception {
        assertThat(lmtpChat("before")).startsWith("250");

        fillBallast(512);
        List<String> lmtp = List.of(lmtpChat("low-lmtp"));
        assertThat(lmtp.get(0)).as("LMTP RCPT").startsWith("452 4.3.1").contains("insufficient storage");
        assertThat(smtpRcpt()).as("SMTP RCPT").startsWith("452 4.3.1");
        HttpResponse<String> http = httpStandalone("low-http");
        assertThat(http.statusCode()).as(http.body()).isEqualTo(503);
        assertThat(http.body()).contains("temporary-failure").contains("insufficient storage");
        try (SipTestClient pf = new SipTestClient()) {
            Response sip = pf.send(StorageDrillFixtures.sipMessageFrom(pf, server.sipPort(), BOB, "sip-reserve-conv", "low-sip"));
            assertThat(sip.getStatusCode()).as(sip.getReasonPhrase()).isEqualTo(503);
            assertThat(sip.getReasonPhrase()).contains("insufficient storage");
            assertThat(sip.getHeader(RetryAfterHeader.NAME)).as("Retry-After").isNotNull();
        }
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            List<String> append = imap.commandWithLiteral("APPEND INBOX", "Subject: low-imap\r\n\r\nbody\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            assertThat(append.get(append.size() - 1)).as("IMAP APPEND").contains("NO").contains("insufficient storage");
            imap.expectOk("SELECT " + CONVERSATION_FOLDER);
            assertThat(StorageDrillFixtures.searchUids(imap, "UID SEARCH HEADER IMDN-Message-ID low-")).as("nothing stored while low").isEmpty();
        }
        assertThat(server.webAdmin().send("GET", "/healthcheck/checks/Data%20directory", null).body())
            .contains("unhealthy").contains("insufficient storage");

        Files.delete(ballast);
        assertThat(lmtpChat("after")).as("first delivery once space is freed, no restart").startsWith("250");
        assertThat(lmtpChat("low-lmtp")).as("the PF's resend").startsWith("250");
        assertThat(httpStandalone("low-http").statusCode()).as("the PF's resend over HTTP").isEqualTo(201);
        try (SipTestClient pf = new SipTestClient()) {
            assertThat(pf.send(StorageDrillFixtures.sipMessageFrom(pf, server.sipPort(), BOB, "sip-reserve-conv", "low-sip")).getStatusCode()).as("the PF's resend over SIP").isEqualTo(200);
        }
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            imap.expectOk("SELECT " + CONVERSATION_FOLDER);
            for (String id : List.of("before", "low-lmtp", "after")) {
                Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(StorageDrillFixtures.searchUids(imap, "UID SEARCH HEADER IMDN-Message-ID " + id)).as(id + " stored once").hasSize(1));
            }
        }
    }

    @Test
    void waitingSpoolMailsRaiseTheSpaceRequiredAndSizesAreReadAsOperatorsWriteThem() throws Exception {
        long free = Files.getFileStore(work).getUsableSpace();
        long room = free / StorageReserve.SPOOLED_MAIL_BYTES;
        StorageReserve reserve = new StorageReserve(work.toFile(), 1, () -> 0);
        assertThat(reserve.shortage()).as("empty spool, a 1-byte reserve").isEmpty();
        StorageReserve backlog = new StorageReserve(work.toFile(), 1, () -> room * 2);
        assertThat(backlog.shortage()).as("a spool needing twice the free space").get().asString()
            .contains("mails waiting in the SMTP spool");

        assertThat(StorageReserve.from(work.toFile(), key -> null, () -> 0).minFreeBytes()).isEqualTo(128 * MIB);
        assertThat(StorageReserve.from(work.toFile(), key -> "2G", () -> 0).minFreeBytes()).isEqualTo(2048 * MIB);
        assertThat(StorageReserve.from(work.toFile(), key -> "0", () -> 0).shortage()).as("0 = no reserve").isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StorageReserve.from(work.toFile(), key -> "lots", () -> 0))
            .hasMessageContaining(StorageReserve.MIN_FREE).hasMessageContaining("lots");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StorageReserve.from(work.toFile(), key -> "UNLIMITED", () -> 0))
            .hasMessageContaining(StorageReserve.MIN_FREE);
    }

    /** Writes (not just reserves: a sparse file takes no space) a ballast of {@code mebibytes} next to the data. */
    private static void fillBallast(int mebibytes) throws IOException {
        byte[] chunk = new byte[(int) MIB];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            for (int i = 0; i < mebibytes; i++) {
                chunk[0] = (byte) i;
                out.write(chunk);
            }
        }
    }

    private static String lmtpChat(String imdnId) throws Exception {
        byte[] chat = CpmObjectSamples.chat("tel:+33600000001", "tel:+33600000002", "reserve-conv", "reserve-contrib",
            imdnId, "hello " + imdnId);
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), List.of(ALICE), chat).get(0);
    }

    /** The SMTP door's answer to a RCPT for a hosted user. */
    private static String smtpRcpt() throws Exception {
        try (MailDoorClient smtp = MailDoorClient.smtp(server.smtpPort())) {
            smtp.command("EHLO pf.test");
            smtp.command("MAIL FROM:<pf@pf.test>");
            return smtp.command("RCPT TO:<" + ALICE + ">");
        }
    }

    private static HttpResponse<String> httpStandalone(String imdnId) throws Exception {
        String body = "{\"from\":\"tel:+33600000001\",\"to\":[\"tel:+33600000002\"],\"conversationId\":\"reserve-http\","
            + "\"contributionId\":\"c-" + imdnId + "\",\"imdnMessageId\":\"" + imdnId + "\",\"text\":\"hi\","
            + "\"owners\":[\"" + ALICE + "\"]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                + "/cpm/v1/standalone-messages"))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
