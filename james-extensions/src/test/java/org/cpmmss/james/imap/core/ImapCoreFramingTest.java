package org.cpmmss.james.imap.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The request framing of docs/imap-core.md, through raw sockets against the booted server: pipelined commands
 * and literals in any cut, each command answered once and each message stored once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImapCoreFramingTest {
    static final String USER = "framing@example.com";
    static final String PASSWORD = "pw";
    /** Set for this server in imapserver.xml: literals above it are refused. */
    static final long LITERAL_LIMIT = 24L * 1024 * 1024;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .replace("imapserver.xml", "<connectionBacklog>200</connectionBacklog>",
            "<connectionBacklog>200</connectionBacklog><literalSizeLimit>24M</literalSizeLimit>")
        .domain("example.com").user(USER, PASSWORD)
        .build();

    /** A raw connection whose reads may wait two minutes (big literals on a loaded machine). */
    ImapConnection connect() throws IOException {
        return new ImapConnection(server.imapPort()).readTimeout(Duration.ofMinutes(2));
    }

    ImapConnection login() throws IOException {
        return ImapConnection.login(server.imapPort(), USER, PASSWORD).readTimeout(Duration.ofMinutes(2));
    }

    static byte[] message(String subject, String body) {
        return ("From: \"Real Name\" <a@example.com>\r\nTo: b@example.com\r\nSubject: " + subject
            + "\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static long count(List<String> lines, String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).count();
    }

    static List<String> subjects(ImapConnection imap, String mailbox) throws IOException {
        imap.send("s1 SELECT " + mailbox + "\r\n");
        imap.readUntilTagged("s1");
        imap.send("s2 FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT)])\r\n");
        List<String> lines = imap.readUntilTagged("s2");
        assertThat(ImapConnection.last(lines)).startsWith("s2 OK");
        List<String> subjects = new ArrayList<>();
        Matcher subject = Pattern.compile("Subject: (\\S+)").matcher(String.join("\n", lines));
        while (subject.find()) {
            subjects.add(subject.group(1));
        }
        return subjects;
    }

    @Test
    void literalPlusAppendsWrittenInOneSendAreEachAnsweredOnceAndStoredOnce() throws Exception {
        try (ImapConnection imap = login()) {
            imap.send("c CREATE Pipelined\r\n");
            imap.readUntilTagged("c");
            List<byte[]> parts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                // lines of the literal look like commands: only framing keeps them out of the parser
                byte[] literal = message("m" + i, "p" + i + " NOOP\r\nFrom: x\r\n" + "y".repeat(i * 300));
                parts.add(ascii("p" + i + " APPEND Pipelined {" + literal.length + "+}\r\n"));
                parts.add(literal);
                parts.add(ascii("\r\n"));
            }
            parts.add(ascii("z NOOP\r\n"));
            imap.send(concat(parts.toArray(new byte[0][])));

            List<String> answers = imap.readUntilTagged("z");

            for (int i = 0; i < 5; i++) {
                assertThat(count(answers, "p" + i + " ")).as("answers to p" + i + " in " + answers).isEqualTo(1);
                assertThat(count(answers, "p" + i + " OK")).isEqualTo(1);
            }
            assertThat(answers).noneMatch(line -> line.contains("BAD"));
            assertThat(subjects(imap, "Pipelined")).containsExactly("m0", "m1", "m2", "m3", "m4");
        }
    }

    @Test
    void aFetchPipelinedBeforeALiteralPlusAppendIsAnsweredOnce() throws Exception {
        try (ImapConnection imap = login()) {
            imap.send("c CREATE FetchThenAppend\r\n");
            imap.readUntilTagged("c");
            byte[] first = message("first", "one");
            imap.send(concat(ascii("a APPEND FetchThenAppend {" + first.length + "+}\r\n"), first, ascii("\r\n")));
            imap.readUntilTagged("a");
            imap.send("s SELECT FetchThenAppend\r\n");
            imap.readUntilTagged("s");

            byte[] second = message("second", "two");
            imap.send(concat(ascii("f FETCH 1 (FLAGS)\r\nq APPEND FetchThenAppend {" + second.length + "+}\r\n"),
                second, ascii("\r\nz NOOP\r\n")));
            List<String> answers = imap.readUntilTagged("z");

            assertThat(count(answers, "f ")).as(answers.toString()).isEqualTo(1);
            assertThat(count(answers, "f OK")).isEqualTo(1);
            assertThat(count(answers, "q OK")).isEqualTo(1);
            assertThat(count(answers, "* 1 FETCH (FLAGS")).isEqualTo(1);
            assertThat(subjects(imap, "FetchThenAppend")).containsExactly("first", "second");
        }
    }

    @Test
    void aContinuationRequestWaitsForTheAnswersOfTheCommandsPipelinedBeforeIt() throws Exception {
        try (ImapConnection imap = login()) {
            imap.send("c CREATE Continuation\r\n");
            imap.readUntilTagged("c");
            List<byte[]> parts = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                byte[] literal = message("c" + i, ("line " + i + " of a long body\r\n").repeat(200));
                parts.add(ascii("p" + i + " APPEND Continuation {" + literal.length + "+}\r\n"));
                parts.add(literal);
                parts.add(ascii("\r\n"));
            }
            parts.add(ascii("z NOOP\r\n"));
            imap.send(concat(parts.toArray(new byte[0][])));
            imap.readUntilTagged("z");
            imap.send("s SELECT Continuation\r\n");
            imap.readUntilTagged("s");

            // a FETCH of every body that marks them seen (a write: run and answered by a thread of the account's write
            // queue, not the event loop), then, in the same send, an APPEND with a synchronizing literal: the framer
            // reads the APPEND's line while the FETCH is being answered
            byte[] appended = message("after", "the continuation");
            imap.send("f UID FETCH 1:* (BODY[])\r\nb APPEND Continuation {" + appended.length + "}\r\n");
            List<String> before = new ArrayList<>();
            String response;
            while (!(response = imap.readResponse()).startsWith("+ ")) {
                before.add(response);
            }
            imap.send(concat(appended, ascii("\r\n")));
            List<String> after = imap.readUntilTagged("b");

            // every FETCH answer whole (a continuation written among them would have cut one: its literal would
            // hold the "+ Ok" line and the next line would not start a response), and all of them before the "+"
            assertThat(before).as("answers before the continuation request").isNotEmpty();
            assertThat(ImapConnection.last(before)).as("the last answer before the continuation").startsWith("f OK");
            assertThat(before.stream().filter(line -> line.startsWith("* ")).toList()).hasSize(150)
                .allMatch(line -> line.matches("(?s)\\* \\d+ FETCH \\(.*BODY\\[\\] \\{\\d+\\}\r\n.*Subject: c\\d+.*\\)"));
            assertThat(ImapConnection.last(after)).startsWith("b OK");
            assertThat(subjects(imap, "Continuation")).hasSize(151).endsWith("after");
        }
    }

    @Test
    void aCommandWithALiteralCutAtEveryOctetGetsTheSameAnswer() throws Exception {
        try (ImapConnection imap = login()) {
            imap.send("c CREATE Split\r\n");
            imap.readUntilTagged("c");
            byte[] command = ascii("t STATUS {5+}\r\nSplit (MESSAGES UIDNEXT)\r\n");
            imap.send(command);
            List<String> whole = imap.readUntilTagged("t");
            assertThat(ImapConnection.last(whole)).startsWith("t OK");

            for (int cut = 1; cut < command.length; cut++) {
                imap.send(java.util.Arrays.copyOfRange(command, 0, cut));
                Thread.sleep(5); // two sends, so that the server sees two reads
                imap.send(java.util.Arrays.copyOfRange(command, cut, command.length));
                assertThat(imap.readUntilTagged("t")).as("cut after octet " + cut).isEqualTo(whole);
            }
        }
    }

    @Test
    void aSynchronizingLiteralCutAtEveryOctetAfterTheContinuationGetsTheSameAnswer() throws Exception {
        try (ImapConnection imap = login()) {
            imap.send("c CREATE SyncSplit\r\n");
            imap.readUntilTagged("c");
            byte[] rest = ascii("SyncSplit (MESSAGES)\r\n");
            imap.send("u STATUS {9}\r\n");
            assertThat(imap.readLine()).startsWith("+ ");
            imap.send(rest);
            List<String> whole = imap.readUntilTagged("u");
            assertThat(ImapConnection.last(whole)).startsWith("u OK");

            for (int cut = 1; cut < rest.length; cut++) {
                imap.send("u STATUS {9}\r\n");
                assertThat(imap.readLine()).startsWith("+ ");
                imap.send(java.util.Arrays.copyOfRange(rest, 0, cut));
                Thread.sleep(5);
                imap.send(java.util.Arrays.copyOfRange(rest, cut, rest.length));
                assertThat(imap.readUntilTagged("u")).as("cut after octet " + cut).isEqualTo(whole);
            }
        }
    }

    @Test
    void synchronizingAndSmallNonSynchronizingLiteralsWork() throws Exception {
        try (ImapConnection imap = connect()) {
            // LOGIN with synchronizing literals: the client waits for "+" before each
            imap.send("l LOGIN {" + USER.length() + "}\r\n");
            assertThat(imap.readLine()).isEqualTo("+ Ok");
            imap.send(USER + " {" + PASSWORD.length() + "}\r\n");
            assertThat(imap.readLine()).isEqualTo("+ Ok");
            imap.send(PASSWORD + "\r\n");
            assertThat(ImapConnection.last(imap.readUntilTagged("l"))).startsWith("l OK");

            imap.send("c CREATE Literals\r\n");
            imap.readUntilTagged("c");
            byte[] synced = message("synced", "s");
            imap.send("a APPEND Literals {" + synced.length + "}\r\n");
            assertThat(imap.readLine()).isEqualTo("+ Ok");
            imap.send(synced);
            imap.send("\r\n");
            assertThat(ImapConnection.last(imap.readUntilTagged("a"))).startsWith("a OK");

            // LITERAL- (RFC 7888): non-synchronizing literals up to 4096 octets, no continuation request
            byte[] small = message("small", "x".repeat(4000));
            imap.send(concat(ascii("b APPEND Literals (\\Seen) {" + small.length + "+}\r\n"), small, ascii("\r\n")));
            List<String> answer = imap.readUntilTagged("b");
            assertThat(answer).noneMatch(line -> line.startsWith("+"));
            assertThat(ImapConnection.last(answer)).startsWith("b OK");

            assertThat(subjects(imap, "Literals")).containsExactly("synced", "small");
        }
    }

    @Test
    void aTwentyMebibyteLiteralIsStreamedToAFileAndStoredWhole() throws Exception {
        byte[] body = bigMessage(20 * 1024 * 1024);
        Path spill = server.dataDirectory().resolve(ImapCoreModule.SPILL_DIRECTORY);
        try (ImapConnection imap = login()) {
            imap.send("c CREATE Big\r\n");
            imap.readUntilTagged("c");
            imap.send("b APPEND Big {" + body.length + "}\r\n");
            assertThat(imap.readLine()).isEqualTo("+ Ok");
            int half = 12 * 1024 * 1024;
            imap.send(java.util.Arrays.copyOfRange(body, 0, half));

            // while the rest is not sent yet, the received part is in a file, not in the server's heap
            assertThat(awaitSpilledOctets(spill, half)).isGreaterThanOrEqualTo(half);

            imap.send(java.util.Arrays.copyOfRange(body, half, body.length));
            imap.send("\r\n");
            assertThat(ImapConnection.last(imap.readUntilTagged("b"))).startsWith("b OK");
            assertThat(awaitSpilledOctets(spill, 0)).isZero();

            imap.send("s SELECT Big\r\n");
            imap.readUntilTagged("s");
            imap.send("f FETCH 1 (BODY.PEEK[])\r\n");
            List<String> fetched = imap.readUntilTagged("f");
            String prefix = "* 1 FETCH (BODY[] {" + body.length + "}\r\n";
            String response = fetched.get(0);
            assertThat(response).startsWith(prefix);
            byte[] content = response.substring(prefix.length(), prefix.length() + body.length).getBytes(StandardCharsets.ISO_8859_1);
            assertThat(content).isEqualTo(body);
        }
    }

    /** Polls the spill directory until its literal files hold at least (or, for 0, exactly) that many octets. */
    private static long awaitSpilledOctets(Path spill, long wanted) throws Exception {
        long octets = -1;
        for (int i = 0; i < 600; i++) {
            try (Stream<Path> files = Files.list(spill)) {
                octets = files.filter(f -> f.getFileName().toString().startsWith("imap-literal-"))
                    .mapToLong(f -> f.toFile().length()).sum();
            }
            if (wanted == 0 ? octets == 0 : octets >= wanted) {
                return octets;
            }
            Thread.sleep(50);
        }
        return octets;
    }

    static byte[] bigMessage(int size) {
        StringBuilder text = new StringBuilder("From: a@example.com\r\nSubject: big\r\n\r\n");
        int line = 0;
        while (text.length() < size - 80) {
            String row = String.format("%08d ", line++) + "abcdefghijklmnopqrstuvwxyz0123456789".repeat(2);
            text.append(row, 0, Math.min(row.length(), 70)).append("\r\n");
        }
        while (text.length() < size - 2) {
            text.append('z');
        }
        text.append("\r\n");
        return ascii(text.toString());
    }

    @Test
    void anOversizedLiteralIsRefusedAndTheConnectionStaysUsable() throws Exception {
        try (ImapConnection imap = login()) {
            imap.send("c CREATE Limits\r\n");
            imap.readUntilTagged("c");
            // synchronizing: refused at once, no continuation request, the client sends nothing more
            imap.send("a APPEND Limits {" + (LITERAL_LIMIT + 1) + "}\r\n");
            String refusal = imap.readLine();
            assertThat(refusal).startsWith("a NO [TOOBIG]");
            imap.send("n NOOP\r\n");
            assertThat(ImapConnection.last(imap.readUntilTagged("n"))).startsWith("n OK");

            // non-synchronizing: the client sends it anyway; it is read and dropped, then refused
            byte[] huge = new byte[(int) LITERAL_LIMIT + 1];
            java.util.Arrays.fill(huge, (byte) 'h');
            imap.send(concat(ascii("b APPEND Limits {" + huge.length + "+}\r\n"), huge, ascii("\r\nm NOOP\r\n")));
            List<String> answers = imap.readUntilTagged("m");
            assertThat(answers).anyMatch(line -> line.startsWith("b NO [TOOBIG]"));
            assertThat(answers).noneMatch(line -> line.contains("BAD"));
            assertThat(ImapConnection.last(answers)).startsWith("m OK");

            byte[] fits = message("fits", "f");
            imap.send(concat(ascii("d APPEND Limits {" + fits.length + "+}\r\n"), fits, ascii("\r\n")));
            assertThat(ImapConnection.last(imap.readUntilTagged("d"))).startsWith("d OK");
            assertThat(subjects(imap, "Limits")).containsExactly("fits");
        }
    }

    @Test
    void anOverlongCommandLineIsAnsweredBadAndTheConnectionStaysUsable() throws Exception {
        try (ImapConnection imap = login()) {
            imap.send("x SELECT " + "a".repeat(70_000) + "\r\ny NOOP\r\n");
            List<String> answers = imap.readUntilTagged("y");
            assertThat(answers).anyMatch(line -> line.startsWith("x BAD"));
            assertThat(ImapConnection.last(answers)).startsWith("y OK");
        }
    }

    @Test
    void idleAndAuthenticateContinuationsStillReachTheirHandlers() throws Exception {
        try (ImapConnection imap = connect()) {
            imap.send("a AUTHENTICATE PLAIN\r\n");
            assertThat(imap.readLine()).startsWith("+");
            imap.send(java.util.Base64.getEncoder().encodeToString(ascii("\0" + USER + "\0" + PASSWORD)) + "\r\n");
            assertThat(ImapConnection.last(imap.readUntilTagged("a"))).startsWith("a OK");
            imap.send("s SELECT INBOX\r\n");
            imap.readUntilTagged("s");
            imap.send("i IDLE\r\n");
            assertThat(imap.readLine()).startsWith("+ ");
            imap.send("DONE\r\nn NOOP\r\n");
            List<String> answers = imap.readUntilTagged("n");
            assertThat(count(answers, "i OK")).isEqualTo(1);
            assertThat(ImapConnection.last(answers)).startsWith("n OK");
        }
    }

    @Test
    void commandsPipelinedBehindLoginRunInTheStateLoginMade() throws Exception {
        try (ImapConnection imap = connect()) {
            imap.send("l LOGIN " + USER + " " + PASSWORD + "\r\nc CREATE AfterLogin\r\ns SELECT AfterLogin\r\nz NOOP\r\n");
            List<String> answers = imap.readUntilTagged("z");
            assertThat(answers.stream().filter(line -> line.matches("^[lcs] .*")).collect(Collectors.toList()))
                .allMatch(line -> line.substring(2).startsWith("OK"), "every pipelined command succeeds");
        }
    }

    @Test
    void logoutIsAnsweredWithByeThenTaggedOkOnEveryConnection() throws Exception {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            try (ImapConnection imap = login()) {
                imap.send("o LOGOUT\r\n");
                // the client is done sending: its FIN follows the LOGOUT at once
                imap.shutdownOutput();
                String rest = imap.readToEnd();
                int bye = rest.indexOf("* BYE");
                int ok = rest.indexOf("o OK");
                if (bye < 0 || ok < bye) {
                    missing.add(i + ": " + rest);
                }
            }
        }
        // Known residual of issue 21 (docs/imap-core.md, "LOGOUT and half-close"): right after a start, 1-3 of 500
        // half-closing connections still end without the goodbye, cause not found. James's own framing lost 2-3 in
        // 100 (10-16 of 500), which this bound still catches; any missing answer is printed.
        assertThat(missing).as("connections without * BYE then the tagged OK: %s", missing).hasSizeLessThanOrEqualTo(2);
    }
}
