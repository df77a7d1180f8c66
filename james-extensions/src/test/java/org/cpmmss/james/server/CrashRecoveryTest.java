package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.cpmmss.james.testing.StoredMessageIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL drills on a forked server: what was acknowledged (250) before the kill is there after restart.
 * The bench/ script crash-drill runs more rounds of the same drill ({@code -Dcpm.crash.rounds=N}).
 */
class CrashRecoveryTest {
    private static final String USER = "dave@example.com";
    private static final String PASSWORD = "pw";

    @TempDir
    Path work;

    @Test
    void everyAcknowledgedMessageSurvivesAKillDuringConcurrentSmtpAndLmtpIngestion() throws Exception {
        int rounds = Integer.getInteger("cpm.crash.rounds", 1);
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work)) {
            server.startForked();
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser(USER, PASSWORD);
            StoredMessageIds.count(server.imapPort(), USER, PASSWORD, "INBOX");
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            for (int round = 1; round <= rounds; round++) {
                DrillResult result = ingestAndKill(server, round, acknowledged);
                server.startForked();
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(StoredMessageIds.count(server.imapPort(), USER, PASSWORD, "INBOX").keySet())
                        .containsAll(acknowledged));
                Map<String, Integer> stored = StoredMessageIds.count(server.imapPort(), USER, PASSWORD, "INBOX");
                long duplicates = stored.values().stream().filter(count -> count > 1).count();
                // Plain mail redelivered from the queue after a crash may be stored twice; CPM objects get
                // exactly-once from the recording pipeline's idempotency. Reported, not asserted.
                System.out.printf("crash-drill round %d: killed after %d ms, acknowledged %d (smtp %d, lmtp %d),"
                        + " stored %d distinct, %d duplicated%n", round, result.killAfterMillis, acknowledged.size(),
                    result.smtpAcks, result.lmtpAcks, stored.size(), duplicates);
                assertThat(result.smtpAcks + result.lmtpAcks).isPositive();
            }
        }
    }

    @Test
    void anLmtpDeliveryKilledRightAfterItsReplyIsPresentAfterRestart() throws Exception {
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work)) {
            server.startForked();
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser(USER, PASSWORD);
            try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
                List<String> replies = lmtp.send("pf@pf.test", List.of(USER), message("last-words@pf.test"));
                assertThat(replies).singleElement().asString().startsWith("250");
                server.killForked();
            }
            server.startForked();
            assertThat(StoredMessageIds.count(server.imapPort(), USER, PASSWORD, "INBOX"))
                .containsEntry("last-words@pf.test", 1);
            // the search index did not see the message commit before the kill: it is re-indexed at start
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
                imap.expectOk("SELECT INBOX");
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(imap.expectOk("UID SEARCH HEADER Message-ID <last-words@pf.test>").get(0))
                        .matches("\\* SEARCH \\d+"));
            }
        }
    }

    private record DrillResult(long killAfterMillis, int smtpAcks, int lmtpAcks) {
    }

    private DrillResult ingestAndKill(CpmMssTestServer server, int round, Set<String> acknowledged) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, Integer> acks = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int connection = 0; connection < 4; connection++) {
            boolean lmtp = connection % 2 == 0;
            String door = lmtp ? "lmtp" : "smtp";
            int id = connection;
            clients.submit(() -> {
                int sequence = 0;
                try (MailDoorClient client = lmtp ? MailDoorClient.lmtp(server.lmtpPort()) : MailDoorClient.smtp(server.smtpPort())) {
                    while (running.get()) {
                        String messageId = "r" + round + "-" + door + id + "-" + (sequence++) + "@pf.test";
                        List<String> replies = client.send("pf@pf.test", List.of(USER), message(messageId));
                        if (replies.size() == 1 && replies.get(0).startsWith("250")) {
                            acknowledged.add(messageId);
                            acks.merge(door, 1, Integer::sum);
                        }
                    }
                } catch (IOException expectedOnKill) {
                    // the server was killed under us
                }
                return null;
            });
        }
        long killAfter = ThreadLocalRandom.current().nextLong(1500, 4000);
        Thread.sleep(killAfter);
        server.killForked();
        running.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        return new DrillResult(killAfter, acks.getOrDefault("smtp", 0), acks.getOrDefault("lmtp", 0));
    }

    private static byte[] message(String messageId) {
        return ("From: pf@pf.test\r\nTo: " + USER + "\r\nSubject: drill\r\nMessage-ID: <" + messageId + ">\r\n\r\n"
            + "x".repeat(512) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
