package org.cpmmss.james.imap.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.cpmmss.james.imap.profile.ImapProfileConfiguration;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SELECT/EXAMINE answered from one read of the folder ({@code imap.profile.select-one-read=true}, shipped) against
 * James's one read per figure ({@code false}), byte for byte: the same data directory (copied) is opened once with
 * each setting and the same sessions run against it — SELECT and EXAMINE, plain, with CONDSTORE, with QRESYNC
 * (VANISHED (EARLIER) and FETCH of the changes, with and without known sequence/UID pairs, a wrong UIDVALIDITY),
 * a folder with recent, unseen, expunged and keyword-flagged messages, an empty folder (with CLOSED), a missing one.
 * The transcripts, every line, must be equal.
 */
class SelectOneReadWireTest {
    private static final String USER = "one-read@example.com";
    private static final String PASSWORD = "secret";
    private static final String FOLDER = "Default/tel:+15550001";
    private static final Pattern VALIDITY = Pattern.compile("UIDVALIDITY (\\d+)");
    private static final Pattern HIGHEST = Pattern.compile("HIGHESTMODSEQ (\\d+)");

    @TempDir
    Path work;

    @Test
    void selectAndExamineAnswerTheSameLinesWithOneReadAsWithJamesReads() throws Exception {
        CpmMssTestServer server = CpmMssTestServer.withFreshData(work.resolve("server"));
        long modSeqBeforeChanges;
        try (server) {
            server.start();
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser(USER, PASSWORD);
            modSeqBeforeChanges = fill(server.imapPort());
        }
        // each setting on its own copy of the data, at its own path (an in-process store stays open by path)
        List<String> james = sessionsOnCopy(server.dataDirectory(), work.resolve("james"), false, modSeqBeforeChanges);
        List<String> oneRead = sessionsOnCopy(server.dataDirectory(), work.resolve("one-read"), true, modSeqBeforeChanges);

        // the sessions saw what they are meant to compare (else equal transcripts would prove nothing)
        assertThat(james).anyMatch(line -> line.startsWith("* VANISHED (EARLIER) "))
            .anyMatch(line -> line.matches("\\* \\d+ FETCH \\(UID \\d+ .*MODSEQ.*"))
            .anyMatch(line -> line.matches("\\* [1-9]\\d* RECENT"))
            .anyMatch(line -> line.startsWith("* OK [UNSEEN "))
            .anyMatch(line -> line.startsWith("* OK [CLOSED]"))
            .anyMatch(line -> line.contains("NO [TRYCREATE]") || line.contains(" NO "));
        assertThat(oneRead).containsExactlyElementsOf(james);
    }

    private static List<String> sessionsOnCopy(Path data, Path directory, boolean oneRead, long modSeq) throws Exception {
        CpmMssTestServer server = CpmMssTestServer.withFreshData(directory);
        copy(data, server.dataDirectory());
        if (!oneRead) {
            server.replace(ImapProfileConfiguration.FILE_NAME, ImapProfileConfiguration.SELECT_ONE_READ + "=true",
                ImapProfileConfiguration.SELECT_ONE_READ + "=false");
        }
        try (server) {
            server.start();
            return sessions(server.imapPort(), modSeq);
        }
    }

    /** Messages with every kind of state; returns a HIGHESTMODSEQ taken before the later flag changes and expunges. */
    private static long fill(int port) throws Exception {
        try (ImapConnection imap = ImapConnection.login(port, USER, PASSWORD)) {
            imap.expectOk("CREATE Default");
            imap.expectOk("CREATE \"" + FOLDER + "\"");
            imap.expectOk("CREATE Default/empty");
            for (int i = 1; i <= 30; i++) {
                String flags = i <= 4 || i % 3 == 0 ? "\\Seen" : "";
                if (i % 5 == 0) {
                    flags = (flags + " $cpm-kept").trim();
                }
                imap.commandWithLiteral("APPEND \"" + FOLDER + "\" (" + flags + ")", message(i));
            }
            imap.expectOk("SELECT \"" + FOLDER + "\"");
            long before = number(HIGHEST, imap.expectOk("STATUS Default/empty (HIGHESTMODSEQ)"), 0);
            before = number(HIGHEST, imap.expectOk("STATUS \"" + FOLDER + "\" (HIGHESTMODSEQ)"), before);
            imap.expectOk("UID STORE 7,11 +FLAGS.SILENT (\\Flagged)");
            imap.expectOk("UID STORE 2,9,21 +FLAGS.SILENT (\\Deleted)");
            imap.expectOk("EXPUNGE");
            imap.expectOk("UID STORE 13 +FLAGS.SILENT (\\Seen)");
            imap.expectOk("LOGOUT");
            // arrivals nobody has selected since: \Recent
            try (ImapConnection other = ImapConnection.login(port, USER, PASSWORD)) {
                for (int i = 31; i <= 34; i++) {
                    other.commandWithLiteral("APPEND \"" + FOLDER + "\" ()", message(i));
                }
            }
            return before;
        }
    }

    private static List<String> sessions(int port, long modSeq) throws Exception {
        List<String> transcript = new ArrayList<>();
        String folder = "\"" + FOLDER + "\"";
        try (ImapConnection imap = ImapConnection.login(port, USER, PASSWORD)) {
            List<String> status = record(transcript, imap, "STATUS " + folder + " (UIDVALIDITY MESSAGES UNSEEN)");
            long validity = number(VALIDITY, status, -1);
            record(transcript, imap, "EXAMINE " + folder + " (CONDSTORE)");
            record(transcript, imap, "ENABLE QRESYNC");
            record(transcript, imap, "SELECT " + folder + " (QRESYNC (" + validity + " " + modSeq + "))");
            record(transcript, imap, "SELECT " + folder + " (QRESYNC (" + validity + " " + modSeq + " 1:40 (1,3,5 1,4,6)))");
            record(transcript, imap, "EXAMINE " + folder + " (QRESYNC (" + validity + " " + modSeq + " 5:20))");
            record(transcript, imap, "SELECT " + folder + " (QRESYNC (" + (validity + 1) + " " + modSeq + "))");
            record(transcript, imap, "SELECT Default/empty (CONDSTORE)");
            record(transcript, imap, "SELECT Default/missing");
            record(transcript, imap, "SELECT " + folder + " (CONDSTORE)");
            record(transcript, imap, "SELECT " + folder + " (CONDSTORE)");
            record(transcript, imap, "FETCH 1:* (UID FLAGS MODSEQ)");
            record(transcript, imap, "LOGOUT");
        }
        try (ImapConnection plain = ImapConnection.login(port, USER, PASSWORD)) {
            record(transcript, plain, "SELECT " + folder);
            record(transcript, plain, "EXAMINE Default/empty");
            record(transcript, plain, "EXAMINE " + folder);
            record(transcript, plain, "UID SEARCH ALL");
            record(transcript, plain, "LOGOUT");
        }
        return transcript;
    }

    private static List<String> record(List<String> transcript, ImapConnection imap, String command) throws IOException {
        List<String> lines = imap.command(command);
        transcript.add("> " + command);
        transcript.addAll(lines);
        return lines;
    }

    private static long number(Pattern pattern, List<String> lines, long otherwise) {
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        return otherwise;
    }

    private static byte[] message(int i) {
        return ("From: tel:+15550001@example.net\r\nTo: " + USER + "\r\nSubject: item " + i + "\r\nMessage-ID: <s" + i
            + "@example.net>\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
