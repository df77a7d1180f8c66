package org.cpmmss.james.imap.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
 * SEARCH with RFC 3501's semantics on the booted server, over raw IMAP: FROM/TO/CC/BCC match a substring of any
 * form of the addresses (personal name, comment, {@code local@domain} without comments, group name); BODY, TEXT,
 * HEADER and SUBJECT match a case-insensitive substring, across word boundaries, of the decoded text (quoted-
 * printable, base64, charsets, enclosed messages); SENTBEFORE/SENTON/SENTSINCE compare the Date header's day as written, BEFORE/ON
 * the internal date; ESEARCH MIN/MAX with MODSEQ give the mod-sequence of the returned message (RFC 7162).
 */
class Rfc3501SearchTest {
    private static final String USER = "finder@example.com";
    private static final String PASSWORD = "secret";
    private static final Pattern MODSEQ = Pattern.compile("MODSEQ \\((\\d+)\\)");

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .domain("example.com").user(USER, PASSWORD).build();
    static ImapConnection imap;

    @BeforeAll
    static void fill() throws Exception {
        imap = ImapConnection.login(server.imapPort(), USER, PASSWORD);
        for (String folder : List.of("Addresses", "Texts", "Dates", "Changes", "Apart")) {
            imap.expectOk("CREATE " + folder);
        }
        imap.appendDated("Addresses", "10-Jan-2024 12:00:00 +0000", "From: Wanda Wren <wanda.w@birds.example>\n"
            + "To: kite@hawks.example\nCc: \"Owl, Barn\" <barn.owl@owls.example>\n"
            + "Bcc: hidden@secret.example (Hidden Heron)\nSubject: one\n\nfirst\n");
        imap.appendDated("Addresses", "10-Jan-2024 12:00:00 +0000", "From: <wanda.w (at work) @ (at home) birds.example>\n"
            + "To: flock: a@flock.example, b@flock.example;\nSubject: two\n\nsecond\n");
        imap.appendDated("Addresses", "10-Jan-2024 12:00:00 +0000", "From: robin@birds.example\n"
            + "To: Kite Keeper <kite@hawks.example>\nSubject: three\n\nthird\n");

        imap.appendDated("Texts", "10-Jan-2024 12:00:00 +0000", "From: a@example.net\nSubject: Morning tide report\n\n"
            + "The lighthouse keeper waved.\n");
        imap.appendDated("Texts", "10-Jan-2024 12:00:00 +0000", "From: a@example.net\nSubject: plain\n"
            + "X-Note: harbour lights dim\n\nnothing to see\n");
        imap.appendDated("Texts", "10-Jan-2024 12:00:00 +0000", "From: a@example.net\nSubject: menu\nMIME-Version: 1.0\n"
            + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
            + "Caf=C3=A9 cr=C3=A8me near the light=\nhouse\n");
        imap.appendDated("Texts", "10-Jan-2024 12:00:00 +0000", "From: a@example.net\nSubject: birds\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain\n"
            + "Content-Transfer-Encoding: base64\n\nc2VhZ3VsbCBzcXVhd2s=\n--b1--\n");
        // an enclosed message whose own text part is base64 ("puffin colony")
        imap.appendDated("Texts", "10-Jan-2024 12:00:00 +0000", "From: a@example.net\nSubject: fwd\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=\"o\"\n\n--o\nContent-Type: message/rfc822\n\n"
            + "From: b@example.net\nSubject: Enclosed topic\nMIME-Version: 1.0\nContent-Type: text/plain\n"
            + "Content-Transfer-Encoding: base64\n\ncHVmZmluIGNvbG9ueQ==\n--o--\n");

        // Date header days (as written) differ from their UTC days; internal dates are other days again
        imap.appendDated("Dates", "10-Jan-2024 12:00:00 +0000", "From: a@example.net\nDate: Sun, 31 Dec 2023 23:30:00 -0500\n"
            + "Subject: d1\n\nd\n");
        imap.appendDated("Dates", "10-Jan-2024 12:00:00 +0000", "From: a@example.net\nDate: Mon, 1 Jan 2024 00:15:00 +1400\n"
            + "Subject: d2\n\nd\n");
        imap.appendDated("Dates", "05-Jan-2024 12:00:00 +0000", "From: a@example.net\nDate: Tue, 2 Jan 2024 12:00:00 +0000\n"
            + "Subject: d3\n\nd\n");

        // the body trigrams of "abcd" (abc, bcd) in both, in a row in the second only
        imap.appendDated("Apart", "10-Jan-2024 12:00:00 +0000", "From: a@example.net\nSubject: apart\n\nABC xbcd\n");
        imap.appendDated("Apart", "10-Jan-2024 12:00:00 +0000", "From: a@example.net\nSubject: together\n\nzabcdz\n");

        for (int i = 1; i <= 4; i++) {
            imap.appendDated("Changes", "10-Jan-2024 12:00:00 +0000", "From: a@example.net\nSubject: change " + i + "\n\nc\n");
        }
        imap.expectOk("SELECT Changes");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
            assertThat(imap.expectOk("SEARCH SUBJECT \"change 4\"").get(0)).isEqualTo("* SEARCH 4"));
    }

    @AfterAll
    static void shutdown() throws Exception {
        imap.close();
    }

    private static String search(String folder, String criteria) throws Exception {
        imap.expectOk("SELECT " + folder);
        return imap.expectOk("SEARCH " + criteria).get(0);
    }

    @Test
    void addressKeysMatchSubstringsOfEveryAddressForm() throws Exception {
        assertThat(search("Addresses", "FROM wanda.w@birds.example")).isEqualTo("* SEARCH 1 2");
        assertThat(search("Addresses", "FROM anda.w@bir")).isEqualTo("* SEARCH 1 2");
        assertThat(search("Addresses", "FROM wren")).isEqualTo("* SEARCH 1");
        assertThat(search("Addresses", "FROM ren")).isEqualTo("* SEARCH 1");
        assertThat(search("Addresses", "FROM nobody")).isEqualTo("* SEARCH");
        assertThat(search("Addresses", "TO kite@hawks.example")).isEqualTo("* SEARCH 1 3");
        assertThat(search("Addresses", "TO keeper")).isEqualTo("* SEARCH 3");
        assertThat(search("Addresses", "TO flock")).isEqualTo("* SEARCH 2");
        assertThat(search("Addresses", "TO b@flock.example")).isEqualTo("* SEARCH 2");
        assertThat(search("Addresses", "CC \"owl, barn\"")).isEqualTo("* SEARCH 1");
        assertThat(search("Addresses", "CC barn.owl@")).isEqualTo("* SEARCH 1");
        assertThat(search("Addresses", "BCC heron")).isEqualTo("* SEARCH 1");
        assertThat(search("Addresses", "BCC t.example")).isEqualTo("* SEARCH 1");
    }

    @Test
    void bodyTextHeaderAndSubjectMatchCaseInsensitiveSubstrings() throws Exception {
        assertThat(search("Texts", "BODY \"ouse kee\"")).isEqualTo("* SEARCH 1");
        assertThat(search("Texts", "BODY lighthouse")).isEqualTo("* SEARCH 1 3");
        assertThat(search("Texts", "TEXT LIGHTHOUSE")).isEqualTo("* SEARCH 1 3");
        assertThat(search("Texts", "BODY harbour")).isEqualTo("* SEARCH");
        assertThat(search("Texts", "TEXT \"harbour li\"")).isEqualTo("* SEARCH 2");
        assertThat(search("Texts", "SUBJECT \"ing tid\"")).isEqualTo("* SEARCH 1");
        assertThat(search("Texts", "HEADER X-Note \"our lig\"")).isEqualTo("* SEARCH 2");
        assertThat(search("Texts", "HEADER X-Note \"\"")).isEqualTo("* SEARCH 2");
        assertThat(search("Texts", "BODY \"gull squ\"")).isEqualTo("* SEARCH 4");
        assertThat(search("Texts", "BODY e")).isEqualTo("* SEARCH 1 2 3 4 5");
        assertThat(search("Texts", "BODY \"fin col\"")).isEqualTo("* SEARCH 5");
        assertThat(search("Texts", "BODY \"enclosed top\"")).isEqualTo("* SEARCH 5");
        assertThat(search("Texts", "SUBJECT enclosed")).isEqualTo("* SEARCH");
        assertThat(search("Texts", "BODY creme")).isEqualTo("* SEARCH 3");
        assertThat(search("Texts", "NOT BODY lighthouse")).isEqualTo("* SEARCH 2 4 5");
        assertThat(search("Texts", "OR SUBJECT tide BODY seagull")).isEqualTo("* SEARCH 1 4");
        byte[] creme = "crème".getBytes(StandardCharsets.UTF_8);
        List<String> lines = imap.commandWithLiteral("SEARCH CHARSET UTF-8 BODY", creme);
        assertThat(lines.get(0)).isEqualTo("* SEARCH 3");
    }

    @Test
    void aBodyHoldingTheTrigramsOfAStringApartDoesNotMatchIt() throws Exception {
        assertThat(search("Apart", "BODY abcd")).isEqualTo("* SEARCH 2");
        assertThat(search("Apart", "TEXT Abcd")).isEqualTo("* SEARCH 2");
        assertThat(search("Apart", "BODY \"c xb\"")).isEqualTo("* SEARCH 1");
        assertThat(search("Apart", "BODY bcd")).isEqualTo("* SEARCH 1 2");
    }

    @Test
    void sentDatesCompareTheDateHeadersOwnDayAndInternalDatesTheirs() throws Exception {
        assertThat(search("Dates", "SENTON 31-Dec-2023")).isEqualTo("* SEARCH 1");
        assertThat(search("Dates", "SENTON 1-Jan-2024")).isEqualTo("* SEARCH 2");
        assertThat(search("Dates", "SENTBEFORE 1-Jan-2024")).isEqualTo("* SEARCH 1");
        assertThat(search("Dates", "SENTSINCE 1-Jan-2024")).isEqualTo("* SEARCH 2 3");
        assertThat(search("Dates", "SENTSINCE 2-Jan-2024")).isEqualTo("* SEARCH 3");
        assertThat(search("Dates", "NOT SENTON 1-Jan-2024")).isEqualTo("* SEARCH 1 3");
        assertThat(search("Dates", "BEFORE 6-Jan-2024")).isEqualTo("* SEARCH 3");
        assertThat(search("Dates", "ON 10-Jan-2024")).isEqualTo("* SEARCH 1 2");
    }

    @Test
    void esearchMinOrMaxReportsTheModSeqOfTheReturnedMessage() throws Exception {
        imap.expectOk("SELECT Changes");
        // changed in the order 1, 3, 2, 4: among 1:3, message 2 has the highest mod-sequence
        for (int msn : new int[] {1, 3, 2, 4}) {
            imap.expectOk("STORE " + msn + " +FLAGS (\\Flagged)");
        }
        long m1 = modSeq(imap.expectOk("FETCH 1 (MODSEQ)"));
        long m3 = modSeq(imap.expectOk("FETCH 3 (MODSEQ)"));
        long m2 = modSeq(imap.expectOk("FETCH 2 (MODSEQ)"));
        assertThat(m1).isLessThan(m3);
        assertThat(m3).isLessThan(m2);
        String tag = imap.nextTag();
        imap.send(tag + " SEARCH RETURN (MIN) 1:3 MODSEQ 1\r\n");
        assertThat(imap.readUntilTagged(tag).get(0)).isEqualTo("* ESEARCH (TAG \"" + tag + "\") MIN 1 MODSEQ " + m1);
        tag = imap.nextTag();
        imap.send(tag + " SEARCH RETURN (MAX) 1:3 MODSEQ 1\r\n");
        assertThat(imap.readUntilTagged(tag).get(0)).isEqualTo("* ESEARCH (TAG \"" + tag + "\") MAX 3 MODSEQ " + m3);
        tag = imap.nextTag();
        imap.send(tag + " SEARCH RETURN (MIN MAX) 1:3 MODSEQ 1\r\n");
        assertThat(imap.readUntilTagged(tag).get(0))
            .isEqualTo("* ESEARCH (TAG \"" + tag + "\") MIN 1 MAX 3 MODSEQ " + Math.max(m1, m3));
        tag = imap.nextTag();
        imap.send(tag + " SEARCH RETURN (ALL) 1:3 MODSEQ 1\r\n");
        assertThat(imap.readUntilTagged(tag).get(0)).isEqualTo("* ESEARCH (TAG \"" + tag + "\") ALL 1:3 MODSEQ " + m2);
    }

    private static long modSeq(List<String> fetchLines) {
        for (String line : fetchLines) {
            Matcher matcher = MODSEQ.matcher(line);
            if (matcher.find()) {
                return Long.parseLong(matcher.group(1));
            }
        }
        throw new AssertionError("no MODSEQ in " + fetchLines);
    }
}
