package org.cpmmss.james.imap.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * COPY through a real IMAP connection on the booted server, answered by James's {@code CopyProcessor} or by
 * {@link CopyAtOnceProcessor} ({@link AtOnceSwitch}): the same script on two accounts set up alike gets the same
 * lines on every session (the copying one, one selected on the target, one on the source), the COPY answers and
 * what the others hear, the copies' flags, UIDs and MODSEQs — the folders' UIDVALIDITY and MAILBOXID, random per
 * folder, aside. And a COPY of scattered messages is one store transaction where James's was one per range.
 */
class CopyAtOnceTest {
    private static final String DOMAIN = "example.com";
    private static final String PASSWORD = "secret";
    private static final int MESSAGES = 40;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .override(new AtOnceSwitch())
        .domain(DOMAIN)
        .build();

    /** The copying session's commands, each followed by a NOOP of the sessions on the target and on the source. */
    private static final List<String> SCRIPT = List.of(
        "UID COPY 1,3,5:7,20 Kept",
        "COPY 2,4 Kept",
        "UID COPY 30:* Kept",
        "UID COPY 9,3 Kept",
        "UID COPY 1000 Kept",
        "UID COPY 35:1000 Kept",
        "UID COPY 5 Nope",
        "COPY 99 Kept",
        "COPY 3:1 Kept",
        "COPY 1,3 \"Kept\"",
        "UID COPY 2,12 Src",
        "NOOP",
        "UID STORE 11 +FLAGS (\\Deleted)",
        "UID COPY 10:12 Kept",
        "UID COPY 1:* Kept",
        "COPY 1:* Nope/Deeper",
        "UID COPY 8 Kept");

    @AfterEach
    void jamesAgain() {
        AtOnceSwitch.atOnce(false);
    }

    private static ImapConnection login(String user) throws Exception {
        return ImapConnection.login(server.imapPort(), user, PASSWORD);
    }

    private static byte[] message(int i) {
        return ("From: peer@example.net\r\nTo: someone@example.com\r\nSubject: item " + i + "\r\nMessage-ID: <c" + i
            + "@example.net>\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String normalised(String line) {
        return line.replaceAll("UIDVALIDITY \\d+", "UIDVALIDITY _")
            .replaceAll("COPYUID \\d+", "COPYUID _")
            .replaceAll("MAILBOXID \\([^)]*\\)", "MAILBOXID (_)");
    }

    /** The whole conversation of the three sessions of a new account, normalised. */
    private static List<String> transcript(String user, boolean atOnce) throws Exception {
        server.webAdmin().addUser(user, PASSWORD);
        List<String> lines = new ArrayList<>();
        try (ImapConnection copier = login(user)) {
            copier.expectOk("CREATE Src");
            copier.expectOk("CREATE Kept");
            for (int i = 1; i <= MESSAGES; i++) {
                copier.commandWithLiteral("APPEND Src (" + (i % 7 == 0 ? "\\Seen" : "") + ") \"07-Dec-2026 08:0"
                    + (i % 10) + ":00 +0000\"", message(i));
            }
            try (ImapConnection target = login(user); ImapConnection source = login(user)) {
                lines.addAll(target.expectOk("ENABLE CONDSTORE"));
                lines.addAll(target.expectOk("SELECT Kept (CONDSTORE)"));
                lines.addAll(source.expectOk("SELECT Src"));
                lines.addAll(copier.expectOk("SELECT Src"));
                lines.addAll(copier.expectOk("UID STORE 3,9 +FLAGS (\\Flagged $cpm-important)"));
                lines.addAll(copier.expectOk("UID STORE 10 +FLAGS (\\Answered)"));
                for (String command : SCRIPT) {
                    AtOnceSwitch.atOnce(atOnce);
                    lines.add("> " + command);
                    lines.addAll(copier.command(command));
                    AtOnceSwitch.atOnce(false);
                    lines.addAll(target.command("NOOP"));
                    lines.addAll(source.command("NOOP"));
                }
                lines.addAll(target.expectOk("UID FETCH 1:* (UID FLAGS MODSEQ INTERNALDATE RFC822.SIZE)"));
                lines.addAll(source.expectOk("UID FETCH 1:* (UID FLAGS)"));
                lines.addAll(copier.expectOk("EXAMINE Kept (CONDSTORE)"));
                lines.addAll(copier.expectOk("UID FETCH 1:* (UID FLAGS MODSEQ BODY.PEEK[HEADER.FIELDS (SUBJECT)])"));
                lines.addAll(copier.expectOk("STATUS Src (MESSAGES UIDNEXT HIGHESTMODSEQ)"));
            }
        }
        return lines.stream().map(CopyAtOnceTest::normalised).toList();
    }

    @Test
    void theAtOnceCopyAnswersAsJames() throws Exception {
        List<String> byJames = transcript("james@" + DOMAIN, false);
        int before = AtOnceSwitch.AT_ONCE_ANSWERS.get();
        List<String> atOnce = transcript("once@" + DOMAIN, true);
        // every COPY but the one of an MSN past the last message (James answers it: BAD after the ranges before it),
        // and the STORE (the at-once STORE's)
        long copies = SCRIPT.stream().filter(c -> c.startsWith("COPY") || c.startsWith("UID COPY")).count() - 1;
        long stores = SCRIPT.stream().filter(c -> c.startsWith("UID STORE")).count();
        assertThat(AtOnceSwitch.AT_ONCE_ANSWERS.get() - before).as("COPYs and STOREs answered at once")
            .isEqualTo((int) (copies + stores));
        assertThat(byJames).as("the script ran").anyMatch(line -> line.contains("OK [COPYUID _ 1,3,5:7,20 1:6]"));
        // kept for reading (the module's target directory)
        java.nio.file.Files.write(java.nio.file.Path.of("target", "copy-at-once-transcript.txt"), atOnce);
        assertThat(atOnce).containsExactlyElementsOf(byJames);
    }



    @Test
    void aCopyOfScatteredMessagesIsOneStoreTransaction() throws Exception {
        String user = "scattered@" + DOMAIN;
        server.webAdmin().addUser(user, PASSWORD);
        try (ImapConnection copier = login(user)) {
            copier.expectOk("CREATE Src");
            copier.expectOk("CREATE Kept");
            for (int i = 1; i <= MESSAGES; i++) {
                copier.commandWithLiteral("APPEND Src ()", message(i));
            }
            copier.expectOk("SELECT Src");
            String odd = String.join(",", IntStream.rangeClosed(1, MESSAGES).filter(i -> i % 2 == 1)
                .mapToObj(Integer::toString).toList());
            AtOnceSwitch.quiet(server);
            AtOnceSwitch.atOnce(true);
            long before = AtOnceSwitch.writes(server);
            List<String> copied = copier.expectOk("UID COPY " + odd + " Kept");
            long atOnce = AtOnceSwitch.writes(server) - before;
            assertThat(ImapConnection.last(copied)).contains("[COPYUID ").contains(" " + odd + " 1:20]");
            assertThat(atOnce).as("store writes for a COPY of 20 ranges (one per range before)").isLessThanOrEqualTo(2);
            // James's processor, range by range: a transaction per range
            AtOnceSwitch.quiet(server);
            AtOnceSwitch.atOnce(false);
            before = AtOnceSwitch.writes(server);
            copier.expectOk("UID COPY " + odd + " Kept");
            assertThat(AtOnceSwitch.writes(server) - before).as("store writes for James's COPY of 20 ranges").isGreaterThanOrEqualTo(20);
            // and one range of many messages through James's processor: one transaction too (the mapper's list)
            AtOnceSwitch.quiet(server);
            before = AtOnceSwitch.writes(server);
            copier.expectOk("UID COPY 1:20 Kept");
            assertThat(AtOnceSwitch.writes(server) - before).as("store writes for James's COPY of one range of 20").isLessThanOrEqualTo(2);
        }
    }
}
