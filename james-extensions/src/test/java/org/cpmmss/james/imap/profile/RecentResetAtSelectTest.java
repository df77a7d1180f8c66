package org.cpmmss.james.imap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code \Recent} at SELECT on the booted server (issue 11 (d): the reset is one bulk statement and the search
 * index no longer re-indexes {@code \Recent}-only changes), seen through real IMAP sessions: the first SELECT
 * reports every new message as RECENT, shows {@code \Recent} to that session only, keeps every other flag
 * (system and keywords) and every MODSEQ (the reset moves neither a message's MODSEQ nor HIGHESTMODSEQ, as in
 * Dovecot: {@code \Recent} belongs to one session, so CHANGEDSINCE does not report it), and SEARCH RECENT / NEW / OLD
 * answer per session.
 */
class RecentResetAtSelectTest {
    private static final String USER = "recent@example.com";
    private static final String PASSWORD = "secret";
    private static final Pattern HIGHEST = Pattern.compile("HIGHESTMODSEQ (\\d+)");
    private static final Pattern MODSEQ = Pattern.compile("MODSEQ \\((\\d+)\\)");
    private static final Pattern FLAGS = Pattern.compile("FLAGS \\(([^)]*)\\)");
    private static final int MESSAGES = 40;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .domain("example.com").user(USER, PASSWORD).build();

    private static ImapConnection login() throws Exception {
        return ImapConnection.login(server.imapPort(), USER, PASSWORD);
    }

    private static byte[] message(int i) {
        return ("From: peer@example.net\r\nTo: " + USER + "\r\nSubject: item " + i + "\r\nMessage-ID: <r" + i
            + "@example.net>\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Appends {@code count} messages: every third one \Seen, every fifth one with the keyword $cpm-kept. */
    private static void fill(ImapConnection imap, String folder, int count) throws Exception {
        for (int i = 1; i <= count; i++) {
            List<String> flags = new ArrayList<>();
            if (i % 3 == 0) {
                flags.add("\\Seen");
            }
            if (i % 5 == 0) {
                flags.add("$cpm-kept");
            }
            imap.commandWithLiteral("APPEND " + folder + " (" + String.join(" ", flags) + ")", message(i));
        }
    }

    private static long number(Pattern pattern, List<String> lines) {
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return Long.parseLong(matcher.group(1));
            }
        }
        throw new AssertionError("no " + pattern + " in " + lines);
    }

    private static List<String> fetches(List<String> lines) {
        return lines.stream().filter(line -> line.matches("^\\* \\d+ FETCH .*")).toList();
    }

    private static String search(ImapConnection imap, String criteria) throws Exception {
        return imap.expectOk("SEARCH " + criteria).stream().filter(line -> line.startsWith("* SEARCH")).findFirst()
            .orElseThrow();
    }

    private static String sequence(int from, int to, java.util.function.IntPredicate keep) {
        StringBuilder result = new StringBuilder("* SEARCH");
        for (int i = from; i <= to; i++) {
            if (keep.test(i)) {
                result.append(' ').append(i);
            }
        }
        return result.toString();
    }

    @Test
    void firstSelectClaimsEveryNewMessageAndKeepsItsModSeqAndOtherFlags() throws Exception {
        try (ImapConnection writer = login(); ImapConnection first = login(); ImapConnection second = login()) {
            writer.expectOk("CREATE Conv");
            fill(writer, "Conv", MESSAGES);
            long beforeSelect = number(HIGHEST, writer.expectOk("EXAMINE Conv (CONDSTORE)"));
            List<Long> modSeqs = fetches(writer.expectOk("FETCH 1:* (MODSEQ)")).stream()
                .map(line -> number(MODSEQ, List.of(line))).toList();
            assertThat(modSeqs).hasSize(MESSAGES).doesNotHaveDuplicates().allMatch(m -> m > 1 && m <= beforeSelect);
            assertThat(writer.expectOk("EXAMINE Conv")).contains("* " + MESSAGES + " RECENT");

            List<String> selected = first.expectOk("SELECT Conv (CONDSTORE)");
            assertThat(selected).contains("* " + MESSAGES + " EXISTS", "* " + MESSAGES + " RECENT");
            long afterSelect = number(HIGHEST, selected);
            assertThat(afterSelect).isEqualTo(beforeSelect);

            List<String> flags = fetches(first.expectOk("FETCH 1:* (FLAGS MODSEQ)"));
            assertThat(flags).hasSize(MESSAGES);
            for (String line : flags) {
                int seq = Integer.parseInt(line.split(" ")[1]);
                Matcher matcher = FLAGS.matcher(line);
                assertThat(matcher.find()).isTrue();
                List<String> set = List.of(matcher.group(1).split(" "));
                assertThat(set).as(line).contains("\\Recent");
                assertThat(set.contains("\\Seen")).as(line).isEqualTo(seq % 3 == 0);
                assertThat(set.contains("$cpm-kept")).as(line).isEqualTo(seq % 5 == 0);
                assertThat(number(MODSEQ, List.of(line))).as(line).isEqualTo(modSeqs.get(seq - 1));
            }
            assertThat(search(first, "RECENT")).isEqualTo(sequence(1, MESSAGES, i -> true));
            assertThat(search(first, "NEW")).isEqualTo(sequence(1, MESSAGES, i -> i % 3 != 0));
            assertThat(search(first, "OLD")).isEqualTo("* SEARCH");

            List<String> again = second.expectOk("SELECT Conv (CONDSTORE)");
            assertThat(again).contains("* 0 RECENT");
            assertThat(number(HIGHEST, again)).isEqualTo(afterSelect);
            for (String line : fetches(second.expectOk("FETCH 1:* (FLAGS)"))) {
                assertThat(line).doesNotContain("\\Recent");
            }
            // the reset is no flag change a client resynchronises: nothing changed since the state before it, while
            // CHANGEDSINCE 1 (a client that never synced) gets every message, the first one included
            assertThat(fetches(second.expectOk("FETCH 1:* (FLAGS) (CHANGEDSINCE " + beforeSelect + ")"))).isEmpty();
            assertThat(fetches(second.expectOk("FETCH 1:* (FLAGS) (CHANGEDSINCE 1)"))).hasSize(MESSAGES);
            // the index may still be catching up with the appends: SEARCH through it once it knows every subject
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(search(second, "SUBJECT item")).isEqualTo(sequence(1, MESSAGES, i -> true)));
            assertThat(search(second, "RECENT")).isEqualTo("* SEARCH");
            assertThat(search(second, "NEW")).isEqualTo("* SEARCH");
            assertThat(search(second, "OLD")).isEqualTo(sequence(1, MESSAGES, i -> true));
            assertThat(search(second, "NOT RECENT UNSEEN")).isEqualTo(sequence(1, MESSAGES, i -> i % 3 != 0));
            assertThat(search(second, "OR RECENT KEYWORD $cpm-kept")).isEqualTo(sequence(1, MESSAGES, i -> i % 5 == 0));
            assertThat(search(first, "RECENT KEYWORD $cpm-kept")).isEqualTo(sequence(1, MESSAGES, i -> i % 5 == 0));
            assertThat(search(first, "UNSEEN NOT RECENT")).isEqualTo("* SEARCH");
        }
    }

    @Test
    void laterMessagesAreRecentForTheNextSelectOnlyAndRealFlagChangesStillReachTheIndex() throws Exception {
        try (ImapConnection writer = login(); ImapConnection first = login(); ImapConnection later = login()) {
            writer.expectOk("CREATE Later");
            fill(writer, "Later", 3);
            assertThat(first.expectOk("SELECT Later")).contains("* 3 RECENT");
            writer.commandWithLiteral("APPEND Later ()", message(4));
            writer.commandWithLiteral("APPEND Later ()", message(5));
            first.expectOk("NOOP");
            assertThat(later.expectOk("SELECT Later (CONDSTORE)")).contains("* 5 EXISTS", "* 2 RECENT");
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(search(later, "SUBJECT item")).isEqualTo("* SEARCH 1 2 3 4 5"));
            assertThat(search(later, "RECENT")).isEqualTo("* SEARCH 4 5");
            assertThat(search(later, "OLD")).isEqualTo("* SEARCH 1 2 3");
            later.expectOk("STORE 1,4 +FLAGS (\\Flagged)");
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(search(later, "FLAGGED")).isEqualTo("* SEARCH 1 4"));
            assertThat(search(later, "FLAGGED RECENT")).isEqualTo("* SEARCH 4");
            assertThat(search(later, "UNFLAGGED OLD")).isEqualTo("* SEARCH 2 3");
        }
    }
}
