package org.cpmmss.james.imap.sort;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SORT / UID SORT / ESORT on the booted server. Three messages whose arrival, sent date, From, To, Cc, subject and
 * size orders all differ from their UID order; a first message is expunged so that sequence numbers (SORT) and
 * UIDs (UID SORT) differ too: A = UID 2 / MSN 1, B = UID 3 / MSN 2, C = UID 4 / MSN 3.
 */
class ImapSortTest {
    private static final String USER = "sorter@example.com";
    private static final String PASSWORD = "secret";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .domain("example.com").user(USER, PASSWORD).build();
    static ImapConnection imap;

    @BeforeAll
    static void fill() throws Exception {
        imap = ImapConnection.login(server.imapPort(), USER, PASSWORD);
        imap.expectOk("CREATE Sorted");
        append("01-Jan-2020 00:00:00 +0000", message("x@example.net", "x@example.net", "x@example.net", "Mon, 1 Jan 2018 00:00:00 +0000", "dummy", ""));
        // A: arrival 2nd, date 3rd, from 1st, to 3rd, cc 1st, subject 2nd (base subject "banana"), size 2nd
        append("02-Feb-2020 10:00:00 +0000", message("alice@example.net", "zed@example.net", "bob@example.net",
            "Fri, 3 Jan 2020 10:00:00 +0000", "Re: banana", "x".repeat(200)));
        // B: arrival 3rd, date 1st, from 3rd, to 2nd, cc 2nd, subject 1st, size 3rd
        append("03-Feb-2020 10:00:00 +0000", message("carol@example.net", "mike@example.net", "kim@example.net",
            "Wed, 1 Jan 2020 10:00:00 +0000", "apple", "x".repeat(900)));
        // C: arrival 1st, date 2nd, from 2nd, to 1st, cc 3rd, subject 3rd, size 1st
        append("01-Feb-2020 10:00:00 +0000", message("bob@example.net", "adam@example.net", "yan@example.net",
            "Thu, 2 Jan 2020 10:00:00 +0000", "cherry", ""));
        imap.expectOk("SELECT Sorted");
        imap.expectOk("STORE 1 +FLAGS.SILENT (\\Deleted)");
        imap.expectOk("EXPUNGE");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
            assertThat(imap.expectOk("UID SORT (ARRIVAL) UTF-8 ALL").get(0)).isEqualTo("* SORT 4 2 3"));
    }

    @AfterAll
    static void shutdown() throws Exception {
        imap.close();
    }

    private static void append(String internalDate, byte[] message) throws Exception {
        List<String> lines = imap.commandWithLiteral("APPEND Sorted (\\Seen) \"" + internalDate + "\"", message);
        assertThat(lines.get(lines.size() - 1)).contains("OK");
    }

    private static byte[] message(String from, String to, String cc, String date, String subject, String padding) {
        return ("From: " + from + "\r\nTo: " + to + "\r\nCc: " + cc + "\r\nDate: " + date + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + subject.hashCode() + "@example.net>\r\n\r\nbody " + padding + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String uidSort(String criteria) throws Exception {
        return imap.expectOk("UID SORT (" + criteria + ") UTF-8 ALL").get(0);
    }

    @Test
    void capabilityAdvertisesSortAndEsort() throws Exception {
        assertThat(imap.expectOk("CAPABILITY").get(0)).contains(" SORT").contains(" ESORT");
    }

    @Test
    void uidSortOnEachCriterion() throws Exception {
        assertThat(uidSort("ARRIVAL")).isEqualTo("* SORT 4 2 3");
        assertThat(uidSort("DATE")).isEqualTo("* SORT 3 4 2");
        assertThat(uidSort("FROM")).isEqualTo("* SORT 2 4 3");
        assertThat(uidSort("TO")).isEqualTo("* SORT 4 3 2");
        assertThat(uidSort("CC")).isEqualTo("* SORT 2 3 4");
        assertThat(uidSort("SUBJECT")).isEqualTo("* SORT 3 2 4");
        assertThat(uidSort("SIZE")).isEqualTo("* SORT 4 2 3");
    }

    @Test
    void reverseInvertsOneCriterion() throws Exception {
        assertThat(uidSort("REVERSE DATE")).isEqualTo("* SORT 2 4 3");
        assertThat(uidSort("REVERSE SIZE")).isEqualTo("* SORT 3 2 4");
        assertThat(uidSort("REVERSE ARRIVAL")).isEqualTo("* SORT 3 2 4");
    }

    @Test
    void sortAnswersSequenceNumbers() throws Exception {
        assertThat(imap.expectOk("SORT (DATE) UTF-8 ALL").get(0)).isEqualTo("* SORT 2 3 1");
        assertThat(imap.expectOk("SORT (SUBJECT) US-ASCII ALL").get(0)).isEqualTo("* SORT 2 1 3");
    }

    @Test
    void searchKeysFilterTheSortedSet() throws Exception {
        assertThat(imap.expectOk("UID SORT (SUBJECT) UTF-8 NOT FROM alice").get(0)).isEqualTo("* SORT 3 4");
        assertThat(imap.expectOk("UID SORT (REVERSE ARRIVAL) UTF-8 OR SUBJECT apple LARGER 500").get(0)).isEqualTo("* SORT 3");
        assertThat(imap.expectOk("SORT (FROM) UTF-8 2:3").get(0)).isEqualTo("* SORT 3 2");
        assertThat(imap.expectOk("UID SORT (FROM) UTF-8 SUBJECT nothing-like-this").get(0)).isEqualTo("* SORT");
    }

    @Test
    void esortReturnsMinMaxCountAllInSortOrder() throws Exception {
        List<String> lines = imap.expectOk("UID SORT RETURN (MIN MAX COUNT ALL) (DATE) UTF-8 ALL");
        assertThat(lines.get(0)).isEqualTo("* ESEARCH (TAG \"" + imap.lastTag() + "\") UID MIN 3 MAX 2 COUNT 3 ALL 3:4,2");
        lines = imap.expectOk("SORT RETURN (COUNT) (SUBJECT) UTF-8 ALL");
        assertThat(lines.get(0)).isEqualTo("* ESEARCH (TAG \"" + imap.lastTag() + "\") COUNT 3");
    }

    @Test
    void malformedSortIsBadAndUnknownCharsetIsNo() throws Exception {
        assertThat(imap.command("SORT (NOSUCHKEY) UTF-8 ALL")).last().asString().startsWith(imap.lastTag() + " BAD");
        assertThat(imap.command("SORT () UTF-8 ALL")).last().asString().startsWith(imap.lastTag() + " BAD");
        assertThat(imap.command("SORT (DATE) NO-SUCH-CHARSET ALL")).last().asString()
            .startsWith(imap.lastTag() + " NO [BADCHARSET");
        assertThat(imap.command("NOOP")).last().asString().startsWith(imap.lastTag() + " OK");
    }
}
