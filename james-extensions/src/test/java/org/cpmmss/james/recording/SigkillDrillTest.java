package org.cpmmss.james.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.recording.CpmSamples.chat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL during a stream of CPM objects over four LMTP connections, then the PF resends everything:
 * every object ends up exactly once in each owner's store, and every object answered 250 before the kill
 * is there.
 */
class SigkillDrillTest {
    static final int CONNECTIONS = 4;
    static final int PER_CONNECTION = 40;
    @TempDir
    Path work;

    @Test
    void everyObjectExactlyOnceAfterAKillAndAFullResend() throws Exception {
        String alice = "+33620000001@example.com";
        String bob = "+33620000002@example.com";
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work)) {
            server.startForked();
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser(alice, "pw");
            server.webAdmin().addUser(bob, "pw");

            AtomicInteger acknowledged = new AtomicInteger();
            List<String> acked = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
            List<Future<?>> streams = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int connection = c;
                streams.add(pool.submit(() -> stream(server, connection, alice, bob, acknowledged, acked)));
            }
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (acknowledged.get() < CONNECTIONS * PER_CONNECTION / 3) {
                assertThat(System.nanoTime()).as("objects acknowledged before the kill").isLessThan(deadline);
                Thread.sleep(20);
            }
            server.killForked();
            for (Future<?> f : streams) {
                f.get();
            }
            int beforeKill = acked.size();
            assertThat(beforeKill).isLessThan(CONNECTIONS * PER_CONNECTION);

            try {
                server.startForked();
            } catch (IllegalStateException e) {
                throw new AssertionError("restart after SIGKILL failed: " + tail(server.serverLog().toPath()), e);
            }
            // the PF resends everything, over four connections again
            List<Future<?>> resend = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int connection = c;
                resend.add(pool.submit(() -> stream(server, connection, alice, bob, new AtomicInteger(), new ArrayList<>())));
            }
            for (Future<?> f : resend) {
                f.get();
            }
            pool.shutdown();

            for (String owner : List.of(alice, bob)) {
                try (CpmImap imap = new CpmImap(server.imapPort(), owner)) {
                    String peer = owner.equals(alice) ? "Default/tel:+33620000002" : "Default/tel:+33620000001";
                    imap.imap.expectOk("EXAMINE " + imap.quoted(peer));
                    List<String> lines = imap.imap.expectOk("FETCH 1:* (BODY.PEEK[HEADER.FIELDS (IMDN-Message-ID)])");
                    Map<String, Integer> counts = new HashMap<>();
                    Matcher m = Pattern.compile("IMDN-Message-ID: (\\S+)").matcher(String.join("\n", lines));
                    while (m.find()) {
                        counts.merge(m.group(1), 1, Integer::sum);
                    }
                    List<String> missing = new ArrayList<>();
                    for (int c = 0; c < CONNECTIONS; c++) {
                        for (int i = 0; i < PER_CONNECTION; i++) {
                            if (!counts.containsKey("drill-" + c + "-" + i)) {
                                missing.add("drill-" + c + "-" + i);
                            }
                        }
                    }
                    assertThat(missing).as("missing in " + owner + " (acknowledged before the kill: " + acked + ")").isEmpty();
                    assertThat(counts).hasSize(CONNECTIONS * PER_CONNECTION);
                    assertThat(counts.values()).allMatch(n -> n == 1);
                    assertThat(counts.keySet()).containsAll(acked);
                }
            }
            server.terminateForked();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** One PF connection sending its objects in order; stops quietly when the server dies. */
    private static Void stream(CpmMssTestServer server, int connection, String alice, String bob, AtomicInteger acknowledged,
                               List<String> acked) {
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            for (int i = 0; i < PER_CONNECTION; i++) {
                String id = "drill-" + connection + "-" + i;
                boolean fromAlice = i % 2 == 0;
                byte[] object = chat(fromAlice ? "tel:+33620000001" : "tel:+33620000002",
                    fromAlice ? "tel:+33620000002" : "tel:+33620000001", "drill", "drill-" + connection, id, "message " + id);
                List<String> replies = lmtp.send("pf@pf.test", List.of(alice, bob), object);
                for (int retry = 0; retry < 3 && replies.stream().anyMatch(r -> r.startsWith("4")); retry++) {
                    System.err.println("drill: " + id + " answered " + replies + ", the PF retries");
                    Thread.sleep(500);
                    replies = lmtp.send("pf@pf.test", List.of(alice, bob), object);
                }
                if (replies.size() == 2 && replies.stream().allMatch(r -> r.startsWith("250"))) {
                    acked.add(id);
                    acknowledged.incrementAndGet();
                }
            }
        } catch (IOException e) {
            // the server was killed under this connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
