package org.cpmmss.james.imap.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code SEARCH MODSEQ} (RFC 7162 3.1.5) on the booted server: five messages appended, then two of them changed;
 * searching from the modification sequence before the changes returns exactly those two, alone and combined
 * with other keys (AND, OR, NOT), through SEARCH, UID SEARCH and SORT.
 */
class SearchModSeqTest {
    private static final String USER = "modseq@example.com";
    private static final String PASSWORD = "secret";
    private static final Pattern MODSEQ = Pattern.compile("MODSEQ \\((\\d+)\\)");

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .domain("example.com").user(USER, PASSWORD).build();
    static ImapConnection imap;
    static long before;

    @BeforeAll
    static void fill() throws Exception {
        imap = ImapConnection.login(server.imapPort(), USER, PASSWORD);
        imap.expectOk("CREATE Changes");
        for (int i = 1; i <= 5; i++) {
            byte[] message = ("From: peer" + i + "@example.net\r\nTo: " + USER + "\r\nSubject: item " + (i % 2 == 0 ? "even" : "odd")
                + "\r\nMessage-ID: <m" + i + "@example.net>\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.UTF_8);
            imap.commandWithLiteral("APPEND Changes ()", message);
        }
        imap.expectOk("SELECT Changes");
        before = highestModSeq(imap.expectOk("FETCH 1:* (MODSEQ)"));
        imap.expectOk("STORE 2 +FLAGS (\\Flagged)");
        imap.expectOk("STORE 5 +FLAGS ($cpm-read)");
        // the index follows asynchronously: wait until it knows the subjects
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
            assertThat(imap.expectOk("SEARCH SUBJECT even").get(0)).isEqualTo("* SEARCH 2 4"));
    }

    @AfterAll
    static void shutdown() throws Exception {
        imap.close();
    }

    private static long highestModSeq(java.util.List<String> fetchLines) {
        long highest = 0;
        for (String line : fetchLines) {
            Matcher matcher = MODSEQ.matcher(line);
            if (matcher.find()) {
                highest = Math.max(highest, Long.parseLong(matcher.group(1)));
            }
        }
        assertThat(highest).isPositive();
        return highest;
    }

    private static String ids(String searchLine) {
        return searchLine.replaceAll(" \\(MODSEQ \\d+\\)$", "");
    }

    @Test
    void searchModSeqReturnsTheChangedMessagesWithTheirHighestModSeq() throws Exception {
        String line = imap.expectOk("SEARCH MODSEQ " + (before + 1)).get(0);
        assertThat(ids(line)).isEqualTo("* SEARCH 2 5");
        assertThat(line).matches("\\* SEARCH 2 5 \\(MODSEQ \\d+\\)");
        assertThat(ids(imap.expectOk("UID SEARCH MODSEQ " + (before + 1)).get(0))).isEqualTo("* SEARCH 2 5");
        assertThat(ids(imap.expectOk("SEARCH MODSEQ 1").get(0))).isEqualTo("* SEARCH 1 2 3 4 5");
        assertThat(ids(imap.expectOk("SEARCH MODSEQ " + (before + 1000)).get(0))).isEqualTo("* SEARCH");
    }

    @Test
    void modSeqCombinesWithOtherKeys() throws Exception {
        assertThat(ids(imap.expectOk("SEARCH MODSEQ " + (before + 1) + " FLAGGED").get(0))).isEqualTo("* SEARCH 2");
        assertThat(ids(imap.expectOk("SEARCH MODSEQ " + (before + 1) + " SUBJECT odd").get(0))).isEqualTo("* SEARCH 5");
        assertThat(ids(imap.expectOk("SEARCH OR MODSEQ " + (before + 1) + " SUBJECT even").get(0))).isEqualTo("* SEARCH 2 4 5");
        assertThat(ids(imap.expectOk("SEARCH NOT MODSEQ " + (before + 1)).get(0))).isEqualTo("* SEARCH 1 3 4");
        assertThat(ids(imap.expectOk("SEARCH NOT MODSEQ " + (before + 1) + " NOT SUBJECT even").get(0))).isEqualTo("* SEARCH 1 3");
        assertThat(ids(imap.expectOk("UID SEARCH 3:* MODSEQ " + (before + 1)).get(0))).isEqualTo("* SEARCH 5");
    }

    @Test
    void sortHonoursModSeqToo() throws Exception {
        assertThat(imap.expectOk("SORT (REVERSE ARRIVAL) UTF-8 MODSEQ " + (before + 1)).get(0)).isEqualTo("* SORT 5 2");
    }
}
