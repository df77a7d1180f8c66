import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;

/**
 * Ingestion with and without NOTIFY clients: LMTP deliveries to one user, measured alone and while N IMAP
 * connections of that user have NOTIFY set on INBOX and the Default subtree (each reading its notifications).
 * Rounds alternate (baseline, notify, baseline, notify...) to spread the machine's noise over both.
 *
 * Arguments: clients (200), messages per round (300), rounds (2). Prints one Markdown table.
 */
public class NotifyBench {
    private static final String USER = "bench@example.com";
    private static final String PASSWORD = "secret";

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path work = Files.createTempDirectory("notify-bench");
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work).start()) {
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser(USER, PASSWORD);
            try (ImapConnection setup = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
                setup.command("CREATE INBOX");
                setup.command("CREATE Default");
            }
            deliver(server, 50, "warmup");

            List<Double> baseline = new ArrayList<>();
            List<Double> withNotify = new ArrayList<>();
            long statusLines = 0;
            long expected = 0;
            for (int round = 1; round <= rounds; round++) {
                baseline.add(deliver(server, messages, "base" + round));
                AtomicLong received = new AtomicLong();
                List<ImapConnection> watchers = openWatchers(server, clients, received);
                Thread.sleep(500);
                withNotify.add(deliver(server, messages, "notify" + round));
                Thread.sleep(1500);
                statusLines += received.get();
                expected += (long) clients * messages;
                for (ImapConnection watcher : watchers) {
                    watcher.close();
                }
                Thread.sleep(500);
            }
            double base = mean(baseline);
            double notify = mean(withNotify);
            System.out.println();
            System.out.println(String.format(Locale.ROOT, "| NOTIFY clients | LMTP msgs/round | rounds | baseline msg/s | with NOTIFY msg/s | slowdown | STATUS lines received / deliveries x clients |"));
            System.out.println("|---|---|---|---|---|---|---|");
            System.out.println(String.format(Locale.ROOT, "| %d | %d | %d | %.1f %s | %.1f %s | %.1f %% | %d / %d |", clients, messages, rounds,
                base, rounded(baseline), notify, rounded(withNotify), 100.0 * (base - notify) / base, statusLines, expected));
        }
        System.exit(0); // the embedded ActiveMQ leaves a non-daemon thread behind
    }

    private static List<ImapConnection> openWatchers(CpmMssTestServer server, int clients, AtomicLong received) throws Exception {
        List<ImapConnection> watchers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            ImapConnection watcher = ImapConnection.login(server.imapPort(), USER, PASSWORD);
            watcher.expectOk("NOTIFY SET (mailboxes INBOX (MessageNew MessageExpunge)) (subtree Default (MessageNew MessageExpunge FlagChange))");
            watchers.add(watcher);
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        if (watcher.readResponse().startsWith("* STATUS ")) {
                            received.incrementAndGet();
                        }
                    }
                } catch (Exception closed) {
                    // connection closed at the end of the round
                }
            });
            reader.setDaemon(true);
            reader.start();
        }
        return watchers;
    }

    /** Sequential synchronous LMTP deliveries; returns messages per second. */
    private static double deliver(CpmMssTestServer server, int count, String prefix) throws Exception {
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                lmtp.command("RSET"); // James's LMTP keeps the sender after DATA: reset between transactions
                byte[] message = ("From: tel:+33612345678\r\nTo: " + USER + "\r\nSubject: bench " + prefix + " " + i
                    + "\r\nMessage-ID: <" + prefix + "-" + i + "@bench>\r\n\r\nhello " + i + "\r\n").getBytes(StandardCharsets.UTF_8);
                List<String> replies = lmtp.send("pf@pf.test", List.of(USER), message);
                if (!replies.get(0).startsWith("250")) {
                    throw new IllegalStateException("delivery refused: " + replies);
                }
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static List<String> rounded(List<Double> values) {
        List<String> result = new ArrayList<>();
        values.forEach(value -> result.add(String.format(Locale.ROOT, "%.1f", value)));
        return result;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
