package org.cpmmss.james.imap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Header and body passes over a range on the booted server (issue 11 (d): headers and bodies are loaded with the
 * messages of the range, not one by one): every message of {@code 1:*}, {@code n:*}, {@code a:b} and a single
 * UID comes back with its own header and its own bytes, exactly as appended, in UID order. The flags-only reads
 * (FLAGS, MODSEQ, CHANGEDSINCE; read as SQL projections) report each message's own flags and keywords.
 */
class RangeFetchContentTest {
    private static final String USER = "ranges@example.com";
    private static final String PASSWORD = "secret";
    private static final int MESSAGES = 30;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .domain("example.com").user(USER, PASSWORD).build();
    static ImapConnection imap;

    @BeforeAll
    static void fill() throws Exception {
        imap = ImapConnection.login(server.imapPort(), USER, PASSWORD);
        imap.expectOk("CREATE Conv");
        for (int i = 1; i <= MESSAGES; i++) {
            imap.commandWithLiteral("APPEND Conv ()", (header(i) + body(i)).getBytes(StandardCharsets.UTF_8));
        }
        imap.expectOk("SELECT Conv");
    }

    @AfterAll
    static void shutdown() throws Exception {
        imap.close();
    }

    private static String header(int i) {
        return "From: peer" + i + "@example.net\r\nTo: " + USER + "\r\nSubject: part " + i + "\r\nMessage-ID: <f" + i
            + "@example.net>\r\n\r\n";
    }

    private static String body(int i) {
        return ("line " + i + " of a conversation\r\n").repeat(1 + i % 7);
    }

    private static List<String> fetches(List<String> lines) {
        return lines.stream().filter(line -> line.matches("(?s)^\\* \\d+ FETCH .*")).toList();
    }

    private static String literal(String content) {
        return "{" + content.getBytes(StandardCharsets.UTF_8).length + "}\r\n" + content;
    }

    private static void assertWhole(List<String> lines, int from, int to) {
        List<String> fetches = fetches(lines);
        assertThat(fetches).hasSize(to - from + 1);
        for (int i = from; i <= to; i++) {
            String line = fetches.get(i - from);
            assertThat(line).startsWith("* " + i + " FETCH (");
            assertThat(line).contains("UID " + i + " ");
            assertThat(line).contains("BODY[] " + literal(header(i) + body(i)) + ")");
        }
    }

    @Test
    void headerPassReturnsEachMessagesOwnHeader() throws Exception {
        List<String> fetches = fetches(imap.expectOk(
            "UID FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])"));
        assertThat(fetches).hasSize(MESSAGES);
        for (int i = 1; i <= MESSAGES; i++) {
            String line = fetches.get(i - 1);
            assertThat(line).contains("UID " + i + " ");
            assertThat(line).contains("RFC822.SIZE " + (header(i) + body(i)).length());
            assertThat(line).contains("BODY[HEADER] " + literal(header(i)) + ")");
        }
    }

    @Test
    void bodyPassReturnsEachMessageExactlyOverEveryKindOfRange() throws Exception {
        assertWhole(imap.expectOk("UID FETCH 1:* (UID BODY.PEEK[])"), 1, MESSAGES);
        assertWhole(imap.expectOk("UID FETCH 12:* (UID BODY.PEEK[])"), 12, MESSAGES);
        assertWhole(imap.expectOk("UID FETCH 5:9 (UID BODY.PEEK[])"), 5, 9);
        assertWhole(imap.expectOk("UID FETCH 17 (UID BODY.PEEK[])"), 17, 17);
        assertThat(fetches(imap.expectOk("FETCH 3 (BODY.PEEK[TEXT])")).get(0)).contains("BODY[TEXT] " + literal(body(3)));
    }

    @Test
    void flagsOnlyReadsReportEachMessagesFlagsKeywordsAndModSeq() throws Exception {
        try (ImapConnection other = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
            other.expectOk("CREATE Flags");
            for (int i = 1; i <= 6; i++) {
                other.commandWithLiteral("APPEND Flags ()", (header(i) + body(i)).getBytes(StandardCharsets.UTF_8));
            }
            other.expectOk("ENABLE CONDSTORE");
            List<String> selected = other.expectOk("SELECT Flags");
            long highest = Long.parseLong(selected.stream().filter(line -> line.contains("HIGHESTMODSEQ"))
                .findFirst().orElseThrow().replaceAll(".*HIGHESTMODSEQ (\\d+).*", "$1"));
            other.expectOk("UID STORE 2 +FLAGS.SILENT (\\Flagged $cpm-kept)");
            other.expectOk("UID STORE 5 +FLAGS.SILENT (\\Seen)");
            List<String> changed = fetches(other.expectOk("UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE " + highest + ")"));
            assertThat(changed).hasSize(2);
            assertThat(changed.get(0)).startsWith("* 2 FETCH").contains("UID 2").contains("\\Flagged").contains("$cpm-kept")
                .contains("\\Recent").doesNotContain("\\Seen");
            assertThat(changed.get(1)).startsWith("* 5 FETCH").contains("UID 5").contains("\\Seen").doesNotContain("$cpm-kept");
            List<String> range = fetches(other.expectOk("UID FETCH 2:4 (FLAGS)"));
            assertThat(range).hasSize(3);
            assertThat(range.get(0)).contains("$cpm-kept");
            assertThat(range.get(1)).doesNotContain("$cpm-kept").doesNotContain("\\Flagged");
            assertThat(fetches(other.expectOk("UID FETCH 6 (UID FLAGS MODSEQ)")).get(0))
                .matches("\\* 6 FETCH \\(.*UID 6.*MODSEQ \\(" + highest + "\\).*");
        }
    }
}
