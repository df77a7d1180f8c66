package org.cpmmss.james.imap.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two sessions of one account on the booted server, the interleaving driven step by step: client B changes the
 * mailbox (APPEND, STORE, EXPUNGE) while client A has it selected; A's responses are replayed through
 * {@link ClientKnowledge} as imaptest's state checking does (RFC 3501 §7.4.1, §7.2.6). Each test uses its own
 * account, so the tests do not see each other's messages.
 */
class SelectedStateUnderConcurrencyTest {
    private static final String PASSWORD = "secret";
    private static final AtomicInteger ACCOUNTS = new AtomicInteger();

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder().domain("example.com").build();

    /** A new account holding {@code messages} messages in INBOX. */
    static String account(int messages) throws Exception {
        String user = "state" + ACCOUNTS.incrementAndGet() + "@example.com";
        server.webAdmin().addUser(user, PASSWORD);
        try (ImapConnection imap = login(user)) {
            for (int i = 1; i <= messages; i++) {
                append(imap, i);
            }
        }
        return user;
    }

    static ImapConnection login(String user) throws Exception {
        return ImapConnection.login(server.imapPort(), user, PASSWORD);
    }

    static void append(ImapConnection imap, int i) throws Exception {
        byte[] message = ("From: peer@example.net\r\nSubject: item " + i + "\r\nMessage-ID: <s" + i
            + "@example.net>\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.UTF_8);
        List<String> lines = imap.commandWithLiteral("APPEND INBOX", message);
        assertThat(lines.get(lines.size() - 1)).contains("OK");
    }

    static ClientKnowledge select(ImapConnection imap) throws Exception {
        ClientKnowledge knowledge = new ClientKnowledge();
        knowledge.read(imap.expectOk("SELECT INBOX"), true);
        return knowledge;
    }

    @Test
    void anExpungeByAnotherSessionWaitsUntilNoopAndNeverComesDuringFetchStoreOrSearch() throws Exception {
        String user = account(5);
        try (ImapConnection a = login(user); ImapConnection b = login(user)) {
            ClientKnowledge known = select(a);
            assertThat(known.count()).isEqualTo(5);
            b.expectOk("SELECT INBOX");
            b.expectOk("STORE 2 +FLAGS.SILENT (\\Deleted)");
            b.expectOk("EXPUNGE");

            List<String> fetch = a.expectOk("FETCH 1:5 (UID FLAGS)");
            List<String> store = a.expectOk("STORE 1 +FLAGS (\\Flagged)");
            List<String> search = a.expectOk("SEARCH ALL");
            known.read(fetch, false);
            known.read(store, false);
            known.read(search, false);
            assertThat(String.join("\n", fetch) + String.join("\n", store) + String.join("\n", search))
                .doesNotContain("EXPUNGE");
            assertThat(known.count()).isEqualTo(5);

            List<String> noop = a.expectOk("NOOP");
            known.read(noop, true);
            assertThat(noop).contains("* 2 EXPUNGE");
            assertThat(known.count()).isEqualTo(4);
            known.read(a.expectOk("FETCH 1:* (UID)"), false);
            assertThat(known.violations()).isEmpty();
        }
    }

    @Test
    void aMessageAppendedElsewhereGetsItsNumberOnlyWithTheExistsThatAnnouncesIt() throws Exception {
        String user = account(3);
        try (ImapConnection a = login(user); ImapConnection b = login(user)) {
            ClientKnowledge known = select(a);
            append(b, 4);

            // A knows 3 messages: the 4th gets its number from an EXISTS that comes before any response using it
            List<String> fetch = a.expectOk("FETCH 1:* (UID)");
            known.read(fetch, false);
            assertThat(fetch).contains("* 4 EXISTS");
            int fourth = indexOfFetch(fetch, 4);
            if (fourth >= 0) {
                assertThat(fetch.indexOf("* 4 EXISTS")).isLessThan(fourth);
            }
            assertThat(known.count()).isEqualTo(4);
            known.read(a.expectOk("FETCH 4 (UID)"), false);
            assertThat(known.violations()).isEmpty();
        }
    }

    @Test
    void anAppendAndAnExpungeElsewhereAreReportedInAnOrderTheClientCanFollow() throws Exception {
        String user = account(3);
        try (ImapConnection a = login(user); ImapConnection b = login(user)) {
            ClientKnowledge known = select(a);
            b.expectOk("SELECT INBOX");
            append(b, 4);
            append(b, 5);
            b.expectOk("STORE 1:* +FLAGS.SILENT (\\Deleted)");
            b.expectOk("EXPUNGE");

            // a SEARCH (no EXPUNGE allowed) then a STORE by UID of a message A cannot know yet
            known.read(a.expectOk("SEARCH ALL"), false);
            known.read(a.expectOk("UID STORE 1:* +FLAGS (\\Seen)"), true);
            known.read(a.expectOk("NOOP"), true);
            assertThat(known.count()).isZero();
            assertThat(known.violations()).isEmpty();
        }
    }

    @Test
    void aKeywordSetElsewhereIsNamedInFlagsBeforeAFetchUsesIt() throws Exception {
        String user = account(2);
        try (ImapConnection a = login(user); ImapConnection b = login(user)) {
            ClientKnowledge known = select(a);
            b.expectOk("SELECT INBOX");
            b.expectOk("STORE 1 +FLAGS.SILENT ($Fresh)");

            List<String> fetch = a.expectOk("FETCH 1 (FLAGS)");
            known.read(fetch, false);
            int flags = indexOf(fetch, "* FLAGS (");
            assertThat(flags).isGreaterThanOrEqualTo(0);
            assertThat(fetch.get(flags)).contains("$Fresh");
            assertThat(flags).isLessThan(indexOfFetch(fetch, 1));
            assertThat(fetch).anyMatch(line -> line.startsWith("* OK [PERMANENTFLAGS (") && line.contains("$Fresh"));
            assertThat(known.violations()).isEmpty();
        }
    }

    private static int indexOfFetch(List<String> lines, int number) {
        return indexOf(lines, "* " + number + " FETCH ");
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
