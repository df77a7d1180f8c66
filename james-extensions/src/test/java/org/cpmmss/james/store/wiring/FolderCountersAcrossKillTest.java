package org.cpmmss.james.store.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UIDs and MODSEQs of the native store (allocated in the folder row inside each forced write): over IMAP, UIDNEXT
 * predicts the next APPENDUID, HIGHESTMODSEQ follows every change, and after a SIGKILL no UID or MODSEQ is handed
 * out twice and UIDVALIDITY is kept.
 */
class FolderCountersAcrossKillTest {
    private static final String USER = "erin@example.com";
    private static final String PASSWORD = "pw";
    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID (\\d+) (\\d+)]");

    @TempDir
    Path work;

    @Test
    void uidNextPredictsEveryAppendAndNoValueIsReusedAfterAKill() throws Exception {
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work)) {
            server.startForked();
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser(USER, PASSWORD);
            List<Long> uids = new ArrayList<>();
            long uidValidity;
            long highestBeforeKill;
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
                imap.expectOk("CREATE Chats");
                long highest = status(imap, "HIGHESTMODSEQ");
                                for (int i = 0; i < 70; i++) {
                    long uidNext = status(imap, "UIDNEXT");
                    long[] appended = append(imap, i);
                    assertThat(appended[1]).isEqualTo(uidNext);
                    long newHighest = status(imap, "HIGHESTMODSEQ");
                    // an empty folder already says 1 (the profile's PositiveHighestModSeq), as its first message does
                    assertThat(newHighest).isGreaterThan(i == 0 ? highest - 1 : highest);
                    highest = newHighest;
                    uids.add(appended[1]);
                }
                uidValidity = append(imap, 70)[0];
                uids.add(status(imap, "UIDNEXT") - 1);
                imap.expectOk("SELECT Chats");
                long beforeStore = status(imap, "HIGHESTMODSEQ");
                String stored = imap.expectOk("UID STORE " + uids.get(3) + " +FLAGS (\\Seen)").get(0);
                long storeModSeq = modSeq(stored);
                assertThat(storeModSeq).isGreaterThan(beforeStore);
                highestBeforeKill = status(imap, "HIGHESTMODSEQ");
                assertThat(highestBeforeKill).isEqualTo(storeModSeq);
            }
            assertThat(uids).doesNotHaveDuplicates().isSorted();

            server.killForked();
            server.startForked();

            try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
                long uidNext = status(imap, "UIDNEXT");
                assertThat(uidNext).isGreaterThan(uids.get(uids.size() - 1));
                assertThat(status(imap, "HIGHESTMODSEQ")).isGreaterThanOrEqualTo(highestBeforeKill);
                long[] appended = append(imap, 71);
                assertThat(appended[0]).isEqualTo(uidValidity);
                assertThat(appended[1]).isEqualTo(uidNext);
                assertThat(status(imap, "MESSAGES")).isEqualTo(72);
                imap.expectOk("EXAMINE Chats");
                long newModSeq = modSeq(imap.expectOk("UID FETCH " + appended[1] + " (MODSEQ)").get(0));
                assertThat(newModSeq).isGreaterThan(highestBeforeKill);
                long highestAfter = status(imap, "HIGHESTMODSEQ");
                assertThat(highestAfter).isGreaterThanOrEqualTo(newModSeq);
                for (String line : imap.expectOk("UID FETCH 1:* (MODSEQ)")) {
                    if (line.startsWith("* ")) {
                        assertThat(modSeq(line)).isLessThanOrEqualTo(highestAfter);
                    }
                }
            }
        }
    }

    private static long[] append(ImapConnection imap, int i) throws Exception {
        byte[] message = ("From: peer@example.com\r\nTo: " + USER + "\r\nSubject: " + i + "\r\nMessage-ID: <c" + i
            + "@example.com>\r\n\r\nhello " + i + "\r\n").getBytes(StandardCharsets.UTF_8);
        List<String> lines = imap.commandWithLiteral("APPEND Chats", message);
        String last = lines.get(lines.size() - 1);
        Matcher m = APPENDUID.matcher(last);
        assertThat(m.find()).as(last).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    private static long modSeq(String fetchLine) {
        Matcher m = Pattern.compile("MODSEQ \\((\\d+)\\)").matcher(fetchLine);
        assertThat(m.find()).as(fetchLine).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long status(ImapConnection imap, String item) throws Exception {
        String line = imap.expectOk("STATUS Chats (" + item + ")").get(0);
        return Long.parseLong(line.replaceAll(".*" + item + " (\\d+).*", "$1"));
    }
}
