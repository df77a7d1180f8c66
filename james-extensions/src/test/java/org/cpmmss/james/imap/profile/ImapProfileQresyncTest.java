package org.cpmmss.james.imap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CONDSTORE/QRESYNC answers of the profile on the wire (exact lines), shipped conf/: the flag changes of a QRESYNC
 * SELECT (RFC 7162 3.2.5.2) and a HIGHESTMODSEQ that already counts the {@code \Recent} reset of the SELECT.
 */
class ImapProfileQresyncTest {
    private static final String PASSWORD = "secret";
    private static final String FOLDER = "Default/tel:+33612345678";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .domain("example.com")
        .user("qresync@example.com", PASSWORD).user("recent@example.com", PASSWORD).user("empty@example.com", PASSWORD)
        .build();

    private static ImapConnection login(String user) throws Exception {
        return ImapConnection.login(server.imapPort(), user + "@example.com", PASSWORD);
    }

    private static void appendThree(ImapConnection imap) throws Exception {
        imap.expectOk("CREATE " + FOLDER);
        for (int i = 1; i <= 3; i++) {
            imap.commandWithLiteral("APPEND " + FOLDER + " (\\Seen)",
                ("From: tel:+33612345678\r\nSubject: m" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String code(List<String> lines, String name) {
        Pattern pattern = Pattern.compile("\\[" + name + " (\\d+)\\]");
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        throw new AssertionError("no " + name + " in " + lines);
    }

    @Test
    void qresyncSelectReportsTheFlagChangesSinceTheClientsModseq() throws Exception {
        try (ImapConnection device = login("qresync"); ImapConnection other = login("qresync")) {
            appendThree(device);
            List<String> select = device.expectOk("SELECT " + FOLDER + " (CONDSTORE)");
            String uidValidity = code(select, "UIDVALIDITY");
            String highest = code(select, "HIGHESTMODSEQ");

            other.expectOk("ENABLE CONDSTORE");
            other.expectOk("SELECT " + FOLDER);
            String stored = other.expectOk("UID STORE 2 +FLAGS (\\Flagged)").get(0);
            Matcher modseq = Pattern.compile("\\* 2 FETCH \\(UID 2 MODSEQ \\((\\d+)\\) FLAGS \\(\\\\Flagged \\\\Seen\\)\\)").matcher(stored);
            assertThat(modseq.matches()).as(stored).isTrue();
            String flagged = "* 2 FETCH (UID 2 FLAGS (\\Flagged \\Seen) MODSEQ (" + modseq.group(1) + "))";
            other.expectOk("UID STORE 3 +FLAGS.SILENT (\\Deleted)");
            other.expectOk("EXPUNGE");

            device.expectOk("UNSELECT");
            device.expectOk("ENABLE QRESYNC");
            List<String> resync = device.expectOk("SELECT " + FOLDER + " (QRESYNC (" + uidValidity + " " + highest + "))");
            assertThat(resync.subList(resync.size() - 3, resync.size())).containsExactly(
                "* VANISHED (EARLIER) 3",
                flagged,
                device.lastTag() + " OK [READ-WRITE] SELECT completed.");

            // the known UIDs restrict the report: UID 1 did not change, UID 3 is not asked about
            device.expectOk("UNSELECT");
            List<String> known = device.expectOk("SELECT " + FOLDER + " (QRESYNC (" + uidValidity + " " + highest + " 1))");
            assertThat(known).noneMatch(line -> line.contains("FETCH") || line.contains("VANISHED"));

            // up to date: nothing to report
            String now = code(known, "HIGHESTMODSEQ");
            device.expectOk("UNSELECT");
            List<String> upToDate = device.expectOk("SELECT " + FOLDER + " (QRESYNC (" + uidValidity + " " + now + " 1:2))");
            assertThat(upToDate).noneMatch(line -> line.contains("FETCH") || line.contains("VANISHED"));
        }
    }

    @Test
    void changedSinceTheHighestModseqOfSelectReturnsOnlyRealChanges() throws Exception {
        try (ImapConnection device = login("recent"); ImapConnection other = login("recent")) {
            appendThree(device);
            // the three messages are \Recent: this SELECT clears it, which James counts as a change
            List<String> select = device.expectOk("SELECT " + FOLDER + " (CONDSTORE)");
            assertThat(select).contains("* 3 RECENT");
            String highest = code(select, "HIGHESTMODSEQ");
            assertThat(device.command("UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE " + highest + ")"))
                .containsExactly(device.lastTag() + " OK FETCH completed.");
            // the same number as STATUS, asked by another session
            assertThat(other.expectOk("STATUS " + FOLDER + " (HIGHESTMODSEQ)").get(0))
                .isEqualTo("* STATUS " + FOLDER + " (HIGHESTMODSEQ " + highest + ")");

            other.expectOk("SELECT " + FOLDER);
            other.expectOk("UID STORE 1 -FLAGS.SILENT (\\Seen)");
            List<String> changed = device.expectOk("UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE " + highest + ")");
            assertThat(changed.get(0)).matches("\\* 1 FETCH \\(UID 1 FLAGS \\(\\\\Recent\\) MODSEQ \\(\\d+\\)\\)");
            assertThat(changed).noneMatch(line -> line.startsWith("* 2 ") || line.startsWith("* 3 "));
        }
    }

    @Test
    void anEmptyMailboxHasAPositiveHighestModseq() throws Exception {
        try (ImapConnection imap = login("empty")) {
            imap.expectOk("CREATE Default/conv-g1/contrib-g1");
            // Default/conv-g1 was created as a parent and never held a message (RFC 7162: mod-sequence-value >= 1)
            assertThat(imap.expectOk("STATUS Default/conv-g1 (HIGHESTMODSEQ)").get(0))
                .isEqualTo("* STATUS Default/conv-g1 (HIGHESTMODSEQ 1)");
            assertThat(imap.expectOk("LIST \"\" Default/conv-g1 RETURN (STATUS (HIGHESTMODSEQ))").get(1))
                .isEqualTo("* STATUS Default/conv-g1 (HIGHESTMODSEQ 1)");
            assertThat(imap.expectOk("SELECT Default/conv-g1 (CONDSTORE)")).contains("* OK [HIGHESTMODSEQ 1] Highest");
        }
    }
}
