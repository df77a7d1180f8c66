package org.cpmmss.james.imap.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.cpmmss.james.imap.copy.AtOnceSwitch;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * STORE through a real IMAP connection on the booted server, answered by James's {@code StoreProcessor} or by
 * {@link StoreAtOnceProcessor} ({@link AtOnceSwitch}): the same script on two accounts set up alike gets the same
 * lines on the storing session and on another one of the account (CONDSTORE enabled: the FETCH FLAGS and MODSEQs it
 * hears), the folders' UIDVALIDITY and MAILBOXID aside. And a silent STORE of scattered messages is one store
 * transaction where James's was one per range.
 */
class StoreAtOnceTest {
    private static final String DOMAIN = "example.com";
    private static final String PASSWORD = "secret";
    private static final int MESSAGES = 40;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .override(new AtOnceSwitch())
        .domain(DOMAIN)
        .build();

    /** Steps: "s " the storing session's command (the switch applies), "o " the other session's. */
    private static final List<String> SCRIPT = List.of(
        "s UID STORE 1,3,5:7,20 +FLAGS.SILENT (\\Seen)",
        "s UID STORE 1,3,5:7,20 -FLAGS.SILENT (\\Seen)",
        "s STORE 2,4 +FLAGS.SILENT (\\Flagged)",
        "s UID STORE 30:* +FLAGS.SILENT (\\Answered)",
        "s UID STORE 1000 +FLAGS.SILENT (\\Seen)",
        "s UID STORE 35:1000 -FLAGS.SILENT (\\Answered)",
        "s UID STORE 9,3 FLAGS.SILENT (\\Draft \\Seen)",
        "s UID STORE 2 +FLAGS.SILENT (\\Flagged)",
        "s UID STORE 1:5,3:7 +FLAGS.SILENT (\\Deleted)",
        "s STORE 3:1 -FLAGS.SILENT (\\Deleted)",
        "s STORE 99 +FLAGS.SILENT (\\Seen)",
        "s UID STORE 1:5 +FLAGS.SILENT (\\Seen $kw)",
        "s UID STORE 6:8 +FLAGS (\\Seen)",
        "o UID STORE 8 +FLAGS ($new)",
        "s UID STORE 10,12 +FLAGS.SILENT (\\Seen)",
        "o UID STORE 11 +FLAGS (\\Deleted)",
        "o EXPUNGE",
        "s UID STORE 12,14 +FLAGS.SILENT (\\Flagged)",
        "o UID STORE 13 +FLAGS (\\Deleted)",
        "o EXPUNGE",
        "s STORE 12,14 -FLAGS.SILENT (\\Flagged)",
        "s NOOP",
        "o APPEND",
        "s UID STORE 1:* +FLAGS.SILENT (\\Seen)",
        "s UID STORE 16 +FLAGS.SILENT ()",
        "s UID STORE 17 FLAGS.SILENT ()",
        "s STORE 1:3 -FLAGS (\\Seen)",
        "s UID STORE 2,4,6 FLAGS (\\Answered \\Seen)",
        "o UID STORE 9 +FLAGS ($other)",
        "s STORE 5 +FLAGS (\\Draft)",
        "s ENABLE CONDSTORE",
        "s UID STORE 1,3,5 +FLAGS.SILENT (\\Answered)",
        "s STORE 2,4 -FLAGS (\\Answered)",
        "s UID STORE 20:22,30 FLAGS (\\Seen)",
        "s UID STORE 5 (UNCHANGEDSINCE 1) +FLAGS.SILENT (\\Flagged)",
        "o UID STORE 7 +FLAGS (\\Deleted)",
        "o EXPUNGE",
        "s UID STORE 1:* -FLAGS.SILENT (\\Flagged)",
        "s STORE 1:4 +FLAGS (\\Flagged)");

    /** The storing session's STOREs the at-once processor takes: not a set past the end, a keyword, UNCHANGEDSINCE. */
    private static final long TAKEN = SCRIPT.stream().filter(step -> step.startsWith("s ") && step.contains("STORE ")
        && !step.contains("STORE 99 ") && !step.contains("$kw") && !step.contains("UNCHANGEDSINCE")).count();

    @AfterEach
    void jamesAgain() {
        AtOnceSwitch.atOnce(false);
    }

    private static ImapConnection login(String user) throws Exception {
        return ImapConnection.login(server.imapPort(), user, PASSWORD);
    }

    private static byte[] message(int i) {
        return ("From: peer@example.net\r\nTo: someone@example.com\r\nSubject: item " + i + "\r\nMessage-ID: <t" + i
            + "@example.net>\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String normalised(String line) {
        return line.replaceAll("UIDVALIDITY \\d+", "UIDVALIDITY _")
            .replaceAll("APPENDUID \\d+", "APPENDUID _")
            .replaceAll("MAILBOXID \\([^)]*\\)", "MAILBOXID (_)");
    }

    private static void fill(ImapConnection session) throws Exception {
        session.expectOk("CREATE Src");
        for (int i = 1; i <= MESSAGES; i++) {
            session.commandWithLiteral("APPEND Src (" + (i % 7 == 0 ? "\\Seen" : "") + ") \"07-Dec-2026 08:0"
                + (i % 10) + ":00 +0000\"", message(i));
        }
    }

    /** The conversation of the two sessions of a new account, normalised. */
    private static List<String> transcript(String user, boolean atOnce, String enable) throws Exception {
        server.webAdmin().addUser(user, PASSWORD);
        List<String> lines = new ArrayList<>();
        try (ImapConnection storer = login(user); ImapConnection other = login(user)) {
            fill(storer);
            lines.addAll(other.expectOk("ENABLE CONDSTORE"));
            lines.addAll(other.expectOk("SELECT Src (CONDSTORE)"));
            if (enable != null) {
                lines.addAll(storer.expectOk(enable));
            }
            lines.addAll(storer.expectOk("SELECT Src"));
            for (String step : SCRIPT) {
                lines.add("> " + step);
                String command = step.substring(2);
                if (step.startsWith("o ")) {
                    lines.addAll(command.equals("APPEND") ? other.commandWithLiteral("APPEND Src (\\Flagged)"
                        + " \"07-Dec-2026 09:00:00 +0000\"", message(99)) : other.command(command));
                    continue;
                }
                AtOnceSwitch.atOnce(atOnce);
                lines.addAll(storer.command(command));
                AtOnceSwitch.atOnce(false);
                lines.addAll(other.command("NOOP"));
            }
            lines.addAll(other.expectOk("UID FETCH 1:* (UID FLAGS MODSEQ)"));
            lines.addAll(storer.expectOk("UID FETCH 1:* (UID FLAGS MODSEQ)"));
            lines.addAll(storer.expectOk("STATUS Src (MESSAGES UNSEEN HIGHESTMODSEQ)"));
        }
        return lines.stream().map(StoreAtOnceTest::normalised).toList();
    }

    @Test
    void theAtOnceStoreAnswersAsJames() throws Exception {
        compare("james", "once", null);
    }

    @Test
    void theAtOnceStoreAnswersAsJamesWithQresync() throws Exception {
        compare("james-qresync", "once-qresync", "ENABLE QRESYNC");
    }

    private static void compare(String jamesUser, String atOnceUser, String enable) throws Exception {
        List<String> byJames = transcript(jamesUser + "@" + DOMAIN, false, enable);
        int before = AtOnceSwitch.AT_ONCE_ANSWERS.get();
        List<String> atOnce = transcript(atOnceUser + "@" + DOMAIN, true, enable);
        // kept for reading (the module's target directory)
        java.nio.file.Files.write(java.nio.file.Path.of("target", atOnceUser + "-store-transcript.txt"), atOnce);
        java.nio.file.Files.write(java.nio.file.Path.of("target", jamesUser + "-store-transcript.txt"), byJames);
        assertThat(AtOnceSwitch.AT_ONCE_ANSWERS.get() - before).as("STOREs answered at once").isEqualTo((int) TAKEN);
        assertThat(byJames).as("the other session heard of changes").anyMatch(line -> line.matches(
            "\\* \\d+ FETCH \\(MODSEQ \\(\\d+\\) FLAGS \\(.*\\)\\)"));
        assertThat(byJames).as("a STORE's own FETCH with MODSEQ").anyMatch(line -> line.matches(
            "\\* \\d+ FETCH \\(.*MODSEQ \\(\\d+\\).*\\)") && line.contains("UID"));
        assertThat(atOnce).containsExactlyElementsOf(byJames);
    }



    @Test
    void aSilentStoreOfScatteredMessagesIsOneStoreTransaction() throws Exception {
        String user = "scattered@" + DOMAIN;
        server.webAdmin().addUser(user, PASSWORD);
        try (ImapConnection storer = login(user)) {
            fill(storer);
            storer.expectOk("SELECT Src");
            String odd = String.join(",", IntStream.rangeClosed(1, MESSAGES).filter(i -> i % 2 == 1)
                .mapToObj(Integer::toString).toList());
            AtOnceSwitch.quiet(server);
            AtOnceSwitch.atOnce(true);
            long before = AtOnceSwitch.writes(server);
            storer.expectOk("UID STORE " + odd + " +FLAGS.SILENT (\\Seen)");
            assertThat(AtOnceSwitch.writes(server) - before).as("store writes for a STORE of 20 ranges (one per range before)")
                .isLessThanOrEqualTo(2);
            AtOnceSwitch.quiet(server);
            AtOnceSwitch.atOnce(false);
            before = AtOnceSwitch.writes(server);
            storer.expectOk("UID STORE " + odd + " -FLAGS.SILENT (\\Seen)");
            assertThat(AtOnceSwitch.writes(server) - before).as("store writes for James's STORE of 20 ranges").isGreaterThanOrEqualTo(20);
        }
    }
}
