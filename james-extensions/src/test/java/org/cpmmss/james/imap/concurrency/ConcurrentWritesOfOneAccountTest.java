package org.cpmmss.james.imap.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several connections of one account writing to one folder at the same moment, on the booted server: each
 * connection's whole batch (keyword STOREs on every message, \Deleted, EXPUNGE, FETCH BODY[] that sets \Seen,
 * SELECT that resets \Recent) is written in one send before any answer is read, so the server has every
 * connection's commands in hand at once. Every command is valid; every one must be answered OK (James's JPA
 * mailbox answered {@code NO STORE failed. Save failed} and {@code NO SELECT processing failed} here), and every
 * message content a FETCH returns, with or without .PEEK (a read of the account's queue, running beside the other
 * connections' reads), is the whole text, never empty (beside an EXPUNGE James answered {@code BODY[] ""}).
 */
class ConcurrentWritesOfOneAccountTest {
    private static final String USER = "writers@example.com";
    private static final String PASSWORD = "secret";
    private static final int CLIENTS = 5;
    private static final int ROUNDS = 12;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .domain("example.com").user(USER, PASSWORD).build();

    @Test
    void concurrentStoreExpungeFetchAndSelectOnOneFolderAreAllAnsweredOk() throws Exception {
        try (ImapConnection filler = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
            for (int i = 1; i <= 40; i++) {
                byte[] message = ("From: peer@example.net\r\nSubject: w" + i + "\r\n\r\nbody " + i + "\r\n")
                    .getBytes(StandardCharsets.UTF_8);
                filler.commandWithLiteral("APPEND INBOX", message);
            }
        }
        List<ImapConnection> clients = new ArrayList<>();
        List<List<String>> tags = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                ImapConnection client = ImapConnection.login(server.imapPort(), USER, PASSWORD);
                client.expectOk("SELECT INBOX");
                clients.add(client);
            }
            // every connection's batch is on the wire before any answer is read
            for (int c = 0; c < CLIENTS; c++) {
                ImapConnection client = clients.get(c);
                StringBuilder batch = new StringBuilder();
                List<String> sent = new ArrayList<>();
                for (int r = 0; r < ROUNDS; r++) {
                    for (String command : round(c, r)) {
                        String tag = client.nextTag();
                        sent.add(tag);
                        batch.append(tag).append(' ').append(command).append("\r\n");
                    }
                }
                client.send(batch.toString());
                tags.add(sent);
            }
            List<String> failures = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                ImapConnection client = clients.get(c);
                for (String tag : tags.get(c)) {
                    List<String> lines = client.readUntilTagged(tag);
                    String last = lines.get(lines.size() - 1);
                    if (!last.startsWith(tag + " OK")) {
                        failures.add("client " + c + ": " + last);
                    }
                    for (String line : lines) {
                        if (line.contains("BODY[TEXT]") && !line.matches("(?s).*BODY\\[TEXT\\] \\{\\d+\\}\r\nbody \\d+\r\n.*")) {
                            failures.add("client " + c + ": " + line);
                        }
                    }
                }
            }
            assertThat(failures).isEmpty();
        } finally {
            for (ImapConnection client : clients) {
                client.close();
            }
        }
    }

    /** Round r of client c: the same messages as every other client, so that their writes collide. */
    private static List<String> round(int c, int r) {
        String first = (1 + (r % 5)) + ":" + (6 + (r % 5));
        return List.of(
            "STORE 1:* +FLAGS ($k" + c + " $shared" + (r % 3) + ")",
            "STORE " + first + " -FLAGS ($shared" + ((r + 1) % 3) + ")",
            "STORE " + first + " FLAGS (\\Answered $k" + c + ")",
            "FETCH " + first + " (BODY[TEXT])",
            "FETCH " + first + " (FLAGS BODY.PEEK[TEXT])",
            // 3 deletions per client: at least 25 of the 40 messages stay, every number below stays valid
            r % 4 == 0 ? "STORE " + (1 + c + r) + " +FLAGS (\\Deleted)" : "NOOP",
            r % 4 == 1 ? "EXPUNGE" : "NOOP",
            r % 4 == 3 ? "SELECT INBOX" : "CHECK");
    }
}
