package org.cpmmss.james.imap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A complete RCS-style message-store sync ({@link RcsSyncScenario}) against cpm-mss, checked line by line. */
class RcsSyncReplayTest {
    @TempDir
    Path work;

    @Test
    void rcsClientSyncGetsTheAnswersItParses() throws Exception {
        List<String> t;
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work).start()) {
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser("alice@example.com", "secret");
            t = RcsSyncScenario.normalise(new RcsSyncScenario(server.imapPort(), "alice@example.com", "secret").run());
        }
        String folder = RcsSyncScenario.FOLDER;
        byte[] second = RcsSyncScenario.chatMessage(RcsSyncScenario.IMDN_2, "received", "and a reply");

        assertThat(t).containsSubsequence(
            "C: CREATE \"" + folder + "\"", "S: <tag> OK <text>");
        assertThat(t).contains("S: <tag> OK [APPENDUID <uidvalidity> 1] <text>", "S: <tag> OK [APPENDUID <uidvalidity> 2] <text>");
        assertThat(t).containsSubsequence(
            "C: LIST \"\" \"Default/*\" RETURN (STATUS (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ))",
            "S: * LIST () \"/\" " + folder,
            "S: * STATUS " + folder + " (MESSAGES 2 UIDNEXT 3 UIDVALIDITY <uidvalidity> HIGHESTMODSEQ <modseq>)",
            "S: <tag> OK <text>");
        assertThat(t).containsSubsequence(
            "C: SELECT \"" + folder + "\" (CONDSTORE)",
            "S: * OK [UIDVALIDITY <uidvalidity>] <text>",
            "S: * OK [UIDNEXT 3] <text>",
            "S: * OK [HIGHESTMODSEQ <modseq>] <text>",
            "S: <tag> OK [READ-WRITE] <text>",
            "C: UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE <modseq>)",
            "S: * 1 FETCH (UID 1 FLAGS (\\Seen \\Recent) MODSEQ (<modseq>))",
            "S: * 2 FETCH (UID 2 FLAGS (\\Seen \\Recent) MODSEQ (<modseq>))",
            "S: <tag> OK <text>");
        // header pass: exactly the regex the Orange client applies
        Pattern header = Pattern.compile("(?s)S: \\* (\\d) FETCH \\(UID \\1 FLAGS \\([^)]*\\) MODSEQ \\(<modseq>\\) BODY\\[HEADER\\] \\{\\d+\\}\r\n.*Content-Type: Message/CPIM\r\n\r\n\\)");
        assertThat(t.stream().filter(line -> header.matcher(line).matches())).hasSize(2);
        // body pass: the stored bytes exactly
        assertThat(t).contains("S: * 2 FETCH (UID 2 RFC822.SIZE " + second.length + " FLAGS (\\Seen \\Recent) MODSEQ (<modseq>) BODY[] {"
            + second.length + "}\r\n" + new String(second, StandardCharsets.UTF_8) + ")");
        // the other device's change shows up in the next CHANGEDSINCE
        int changedSince = t.lastIndexOf("C: UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE <modseq>)");
        assertThat(t.subList(changedSince, t.size())).containsSubsequence(
            "S: * 1 FETCH (UID 1 FLAGS (\\Recent) MODSEQ (<modseq>))", "S: <tag> OK <text>",
            "C: UID SEARCH HEADER IMDN-Message-ID " + RcsSyncScenario.IMDN_2, "S: * SEARCH 2", "S: <tag> OK <text>");
        // only the real change (not the \Recent reset of the SELECT), then the duplicate flag update as Dovecot sends it
        assertThat(t.subList(changedSince, t.size())).startsWith(
            "C: UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE <modseq>)",
            "S: * 1 FETCH (UID 1 FLAGS (\\Recent) MODSEQ (<modseq>))",
            "S: * 1 FETCH (MODSEQ (<modseq>) FLAGS (\\Recent))",
            "S: <tag> OK <text>");
        // expunged by the other device: reported by the QRESYNC select
        assertThat(t).containsSubsequence(
            "C: SELECT \"" + folder + "\" (QRESYNC (<uidvalidity> <modseq>))",
            "S: * 1 EXISTS",
            "S: * VANISHED (EARLIER) 1",
            "S: <tag> OK [READ-WRITE] <text>");
        // and the whole transcript is the one Dovecot gave (bench/imap-profile/compare-with-dovecot.sh)
        Path dovecot = CpmMssTestServer.shippedConfDirectory().getParent().resolve("bench/imap-profile/results/dovecot.txt");
        assertThat(String.join("\n", t) + "\n").isEqualTo(Files.readString(dovecot));
    }
}
