package org.cpmmss.james.imap.sort;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SORT and ESORT as RFC 5256 and RFC 5267 define them, on the booted server over raw IMAP: SUBJECT by base subject
 * (reply/forward markers, blobs, "(fwd)" trailers and "[fwd: ...]" wrappers removed, encoded words decoded,
 * compared case-insensitively), FROM/TO/CC by the first address's mailbox (a group's name for a group), DATE by
 * the sent date or the internal date when there is no Date header; ties always broken by ascending sequence
 * number, whatever direction a key has; ESORT's ALL as a sequence-set in sort order.
 */
class Rfc5256SortTest {
    private static final String USER = "orderly@example.com";
    private static final String PASSWORD = "secret";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .domain("example.com").user(USER, PASSWORD).build();
    static ImapConnection imap;

    @BeforeAll
    static void fill() throws Exception {
        imap = ImapConnection.login(server.imapPort(), USER, PASSWORD);
        imap.expectOk("CREATE Subjects");
        imap.expectOk("CREATE Addresses");
        imap.expectOk("CREATE Dates");
        // base subjects: 1 LUNCH, 2 LUNCH, 3 AGENDA, 4 ZEBRA, 5 BUDGET, 6 [ONLY-BLOB], 7 (none), 8 AGENDA
        String[] subjects = {"Subject: Re: Lunch", "Subject: lunch (fwd)", "Subject: [team] Fwd: Re: agenda",
            "Subject: =?utf-8?q?Zebra?=", "Subject: [fwd: Re: budget]", "Subject: [only-blob]", null, "Subject: RE:  re: Agenda  "};
        int[] bodySizes = {10, 40, 10, 10, 10, 10, 10, 40};
        for (int i = 0; i < subjects.length; i++) {
            imap.appendDated("Subjects", String.format("0%d-Jan-2024 12:00:00 +0000", i + 1),
                "From: a@example.net\n" + (subjects[i] == null ? "" : subjects[i] + "\n") + "\n" + "x".repeat(bodySizes[i]) + "\n");
        }
        imap.appendDated("Addresses", "01-Jan-2024 12:00:00 +0000",
            "From: \"Zoe\" <mia@a.example>\nTo: bob@b.example\nCc: team: x@c.example;\nSubject: a1\n\na\n");
        imap.appendDated("Addresses", "02-Jan-2024 12:00:00 +0000",
            "From: amy@a.example\nTo: \"Aaron\" <zed@b.example>\nCc: mia@c.example\nSubject: a2\n\na\n");
        imap.appendDated("Addresses", "03-Jan-2024 12:00:00 +0000",
            "From: mia@a.example (Mia)\nTo: bob@b.example\nSubject: a3\n\na\n");
        // sent instants: 1 and 2 equal (08:00Z), 3 has no Date (arrival 1 Jan 09:00Z), 4 is 1 Jan 23:00Z
        imap.appendDated("Dates", "05-Jan-2024 12:00:00 +0000", "From: a@example.net\nDate: Tue, 2 Jan 2024 10:00:00 +0200\n\nd\n");
        imap.appendDated("Dates", "04-Jan-2024 12:00:00 +0000", "From: a@example.net\nDate: Tue, 2 Jan 2024 07:00:00 -0100\n\n"
            + "d".repeat(300) + "\n");
        imap.appendDated("Dates", "01-Jan-2024 09:00:00 +0000", "From: a@example.net\n\nd\n");
        imap.appendDated("Dates", "06-Jan-2024 12:00:00 +0000", "From: a@example.net\nDate: Mon, 1 Jan 2024 23:00:00 +0000\n\nd\n");
        imap.expectOk("SELECT Dates");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
            assertThat(imap.expectOk("SORT (DATE) UTF-8 ALL").get(0)).isEqualTo("* SORT 3 4 1 2"));
    }

    @AfterAll
    static void shutdown() throws Exception {
        imap.close();
    }

    private static String sort(String folder, String command) throws Exception {
        imap.expectOk("SELECT " + folder);
        return imap.expectOk(command).get(0);
    }

    @Test
    void subjectSortsByBaseSubjectWithTiesInSequenceOrder() throws Exception {
        assertThat(sort("Subjects", "SORT (SUBJECT) UTF-8 ALL")).isEqualTo("* SORT 7 3 8 5 1 2 4 6");
        assertThat(sort("Subjects", "SORT (REVERSE SUBJECT) UTF-8 ALL")).isEqualTo("* SORT 6 4 1 2 5 3 8 7");
        assertThat(sort("Subjects", "SORT (SUBJECT REVERSE SIZE) UTF-8 ALL")).isEqualTo("* SORT 7 8 3 5 2 1 4 6");
    }

    @Test
    void addressSortsByTheFirstMailboxName() throws Exception {
        assertThat(sort("Addresses", "SORT (FROM) UTF-8 ALL")).isEqualTo("* SORT 2 1 3");
        assertThat(sort("Addresses", "SORT (REVERSE FROM) UTF-8 ALL")).isEqualTo("* SORT 1 3 2");
        assertThat(sort("Addresses", "SORT (FROM REVERSE ARRIVAL) UTF-8 ALL")).isEqualTo("* SORT 2 3 1");
        assertThat(sort("Addresses", "SORT (TO) UTF-8 ALL")).isEqualTo("* SORT 1 3 2");
        assertThat(sort("Addresses", "SORT (CC) UTF-8 ALL")).isEqualTo("* SORT 3 2 1");
    }

    @Test
    void dateSortsBySentDateOrArrivalWhenThereIsNoDateHeader() throws Exception {
        assertThat(sort("Dates", "SORT (DATE) UTF-8 ALL")).isEqualTo("* SORT 3 4 1 2");
        assertThat(sort("Dates", "SORT (REVERSE DATE) UTF-8 ALL")).isEqualTo("* SORT 1 2 4 3");
        assertThat(sort("Dates", "SORT (DATE REVERSE SIZE) UTF-8 ALL")).isEqualTo("* SORT 3 4 2 1");
    }

    @Test
    void esortAllIsASequenceSetInSortOrder() throws Exception {
        imap.expectOk("SELECT Subjects");
        String tag = imap.nextTag();
        imap.send(tag + " SORT RETURN (ALL) (ARRIVAL) UTF-8 ALL\r\n");
        assertThat(imap.readUntilTagged(tag).get(0)).isEqualTo("* ESEARCH (TAG \"" + tag + "\") ALL 1:8");
        tag = imap.nextTag();
        imap.send(tag + " SORT RETURN (ALL) (SUBJECT) UTF-8 ALL\r\n");
        assertThat(imap.readUntilTagged(tag).get(0)).isEqualTo("* ESEARCH (TAG \"" + tag + "\") ALL 7,3,8,5,1:2,4,6");
    }
}
