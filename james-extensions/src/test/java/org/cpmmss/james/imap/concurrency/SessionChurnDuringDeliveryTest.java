package org.cpmmss.james.imap.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The soak's failure on the booted server: IMAP sessions of one account keep selecting folders, IDLE-ing and
 * storing keywords, setting NOTIFY (each SELECT, IDLE and NOTIFY registers and unregisters event listeners by
 * mailbox or for every event) while a PF delivers
 * over LMTP. Every delivery is answered 250 and every IMAP command OK (James's in-VM event bus answered LMTP 451
 * and STORE NO from a {@code ConcurrentModificationException} here), and a session IDLE throughout sees every
 * delivered object.
 */
class SessionChurnDuringDeliveryTest {
    private static final String USER = "churn@example.com";
    private static final String PASSWORD = "secret";
    private static final int DELIVERIES = 120;
    private static final int SESSIONS = 4;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .domain("example.com").user(USER, PASSWORD).build();

    private final ExecutorService threads = Executors.newFixedThreadPool(SESSIONS + 1);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void deliveriesAndStoresSucceedWhileSessionsSelectAndIdle() throws Exception {
        try (ImapConnection setup = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
            setup.command("CREATE INBOX");
            setup.expectOk("CREATE Other");
            // a first object, so that the sessions' UID STORE 1:* always has a message to flag
            setup.commandWithLiteral("APPEND INBOX", message(0));
        }
        AtomicBoolean delivering = new AtomicBoolean(true);
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> sessions = new ArrayList<>();
        try (ImapConnection watcher = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
            watcher.expectOk("SELECT INBOX");
            String idle = watcher.nextTag();
            watcher.send(idle + " IDLE\r\n");
            assertThat(watcher.readResponse()).startsWith("+");
            // read all along: the sessions' keyword stores reach the watcher as FETCH lines too
            Future<String> lastExists = threads.submit(() ->
                watcher.awaitLine(Pattern.compile("^\\* " + (DELIVERIES + 1) + " EXISTS$"), Duration.ofMinutes(5)));

            for (int s = 0; s < SESSIONS; s++) {
                int session = s;
                sessions.add(threads.submit(() -> {
                    churn(session, delivering, failures);
                    return null;
                }));
            }
            try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
                for (int i = 1; i <= DELIVERIES; i++) {
                    for (String reply : lmtp.send("pf@pf.test", List.of(USER), message(i))) {
                        if (!reply.startsWith("250")) {
                            failures.add("delivery " + i + ": " + reply);
                        }
                    }
                }
            } finally {
                delivering.set(false);
            }
            for (Future<?> session : sessions) {
                session.get(2, TimeUnit.MINUTES);
            }

            assertThat(failures).isEmpty();
            assertThat(lastExists.get(6, TimeUnit.MINUTES)).as("the IDLE session sees the last delivery").isNotNull();
            watcher.send("DONE\r\n");
            assertThat(watcher.readUntilTagged(idle)).last().asString().startsWith(idle + " OK");
        }
    }

    /** One IMAP session setting and clearing NOTIFY, switching folders, IDLE-ing and storing keywords until the deliveries end. */
    private static void churn(int session, AtomicBoolean delivering, Queue<String> failures) throws Exception {
        try (ImapConnection client = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
            while (delivering.get()) {
                expectOk(client, "NOTIFY SET (personal (MessageNew MessageExpunge FlagChange))", failures);
                expectOk(client, "SELECT INBOX", failures);
                expectOk(client, "UID STORE 1:* +FLAGS ($churn" + session + ")", failures);
                String idle = client.nextTag();
                client.send(idle + " IDLE\r\n");
                String continuation = client.readResponse();
                while (continuation.startsWith("* ")) {
                    // updates may come before the continuation request (RFC 3501 §7: untagged data at any time)
                    continuation = client.readResponse();
                }
                if (!continuation.startsWith("+")) {
                    // the IDLE was answered (NO/BAD): record it and stop this session, in step with the server
                    failures.add("session " + session + " IDLE: " + continuation);
                    return;
                }
                client.send("DONE\r\n");
                String done = ImapConnection.last(client.readUntilTagged(idle));
                if (!done.startsWith(idle + " OK")) {
                    failures.add("session " + session + " IDLE: " + done);
                }
                expectOk(client, "UID STORE 1:* -FLAGS ($churn" + session + ")", failures);
                expectOk(client, "SELECT Other", failures);
                expectOk(client, "NOTIFY NONE", failures);
            }
        }
    }

    private static void expectOk(ImapConnection client, String command, Queue<String> failures) throws Exception {
        String tag = client.nextTag();
        client.send(tag + " " + command + "\r\n");
        String answer = ImapConnection.last(client.readUntilTagged(tag));
        if (!answer.startsWith(tag + " OK")) {
            failures.add(command + ": " + answer);
        }
    }

    private static byte[] message(int i) {
        return ("From: tel:+33612345678\r\nTo: " + USER + "\r\nSubject: object " + i + "\r\nMessage-ID: <churn-" + i
            + "@pf.test>\r\nContent-Type: text/plain\r\n\r\nhello " + i + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
