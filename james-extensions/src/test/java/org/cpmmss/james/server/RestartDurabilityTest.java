package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clean stop and start keeps users, folders, messages, flags, UIDVALIDITY and MODSEQ. */
class RestartDurabilityTest {
    private static final String USER = "carol@example.com";

    @TempDir
    Path work;

    @Test
    void stopAndStartKeepsEverything() throws Exception {
        byte[] first = "Subject: one\r\nMessage-ID: <one@pf.test>\r\n\r\nfirst body\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] second = "Subject: two\r\nMessage-ID: <two@pf.test>\r\n\r\nsecond body\r\n".getBytes(StandardCharsets.UTF_8);
        String statusBefore;
        List<String> fetchBefore;
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work)) {
            server.start();
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser(USER, "pw");
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, "pw")) {
                imap.expectOk("CREATE Conversations");
                imap.commandWithLiteral("APPEND Conversations", first);
                imap.commandWithLiteral("APPEND Conversations", second);
                imap.expectOk("SELECT Conversations (CONDSTORE)");
                imap.expectOk("UID STORE 2 +FLAGS (\\Flagged $delivered)");
                imap.expectOk("UID STORE 1 +FLAGS (\\Deleted)");
                imap.expectOk("EXPUNGE");
                imap.expectOk("SETMETADATA INBOX (/private/vendor/cpm/recording \"off\")");
                imap.expectOk("UNSELECT");
                statusBefore = statusLine(imap);
                imap.expectOk("SELECT Conversations (CONDSTORE)");
                fetchBefore = imap.expectOk("UID FETCH 1:* (FLAGS MODSEQ BODY.PEEK[])");
            }
            server.stop();

            server.start();
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, "pw")) {
                String statusAfter = statusLine(imap);
                assertThat(item(statusAfter, "MESSAGES")).isEqualTo(item(statusBefore, "MESSAGES")).isEqualTo(1);
                assertThat(item(statusAfter, "UIDVALIDITY")).isEqualTo(item(statusBefore, "UIDVALIDITY"));
                // UIDs and MODSEQs come from reserved blocks: after a restart they continue above the block's top
                assertThat(item(statusAfter, "UIDNEXT")).isGreaterThanOrEqualTo(item(statusBefore, "UIDNEXT"));
                assertThat(item(statusAfter, "HIGHESTMODSEQ")).isGreaterThanOrEqualTo(item(statusBefore, "HIGHESTMODSEQ"));
                imap.expectOk("SELECT Conversations (CONDSTORE)");
                List<String> fetchAfter = imap.expectOk("UID FETCH 1:* (FLAGS MODSEQ BODY.PEEK[])");
                assertThat(fetchLines(fetchAfter)).isEqualTo(fetchLines(fetchBefore)).hasSize(1);
                assertThat(fetchLines(fetchAfter).get(0)).contains("\\Flagged").contains("$delivered").contains("second body");
                assertThat(imap.expectOk("GETMETADATA INBOX /private/vendor/cpm/recording").get(0))
                    .contains("\"off\"");
                // UIDs are never reused after a restart
                List<String> append = imap.commandWithLiteral("APPEND Conversations",
                    "Subject: three\r\n\r\nthird\r\n".getBytes(StandardCharsets.UTF_8));
                assertThat(append.get(append.size() - 1))
                    .containsPattern("APPENDUID \\d+ " + item(statusAfter, "UIDNEXT") + "\\]");
                assertThat(item(statusAfter, "UIDNEXT")).isGreaterThan(2);
            }
        }
    }

    @Test
    void sigtermStopsTheServerCleanlyAndItStartsAgainOnTheSameData() throws Exception {
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work)) {
            server.startForked();
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser(USER, "pw");
            java.time.Duration stopTime = server.terminateForked();
            assertThat(stopTime).as("exit after SIGTERM").isNotNull().isLessThan(java.time.Duration.ofSeconds(30));
            assertThat(java.nio.file.Files.readString(server.serverLog().toPath())).contains("JAMES server stopped");
            server.startForked();
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, "pw")) {
                imap.expectOk("NOOP");
            }
        }
    }

    @Test
    void sigtermClosesTheDatabasesWhichShrinkTheirFilesAndKeepEveryMessage() throws Exception {
        try (CpmMssTestServer server = CpmMssTestServer.withFreshData(work)) {
            server.startForked();
            server.webAdmin().addDomain("example.com");
            server.webAdmin().addUser(USER, "pw");
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, "pw")) {
                imap.expectOk("CREATE Conversations");
                for (int i = 0; i < 100; i++) {
                    imap.commandWithLiteral("APPEND Conversations", ("Subject: m" + i + "\r\n\r\n" + "x".repeat(1000)
                        + "\r\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            for (int i = 0; i < 150; i++) {
                byte[] chat = org.cpmmss.james.testing.CpmObjectSamples.chat("tel:+33600000001", "tel:+33600000002",
                    "compact-conv", "compact-contrib", "compact-" + i, "hello " + i);
                try (org.cpmmss.james.testing.MailDoorClient lmtp = org.cpmmss.james.testing.MailDoorClient.lmtp(server.lmtpPort())) {
                    assertThat(lmtp.send("pf@pf.test", List.of(USER), chat).get(0)).startsWith("250");
                }
            }
            // the messages live in the native store (DATA/mailstore, docs/store.md): its metadata database closes
            // cleanly (never larger than while running); James's database holds only users and domains now
            Path metadata = server.dataDirectory().resolve("mailstore").resolve("meta.mv.db");
            Path state = server.dataDirectory().resolve("h2").resolve("cpm.mv.db");
            long metadataRunning = java.nio.file.Files.size(metadata);
            long stateRunning = java.nio.file.Files.size(state);
            assertThat(server.terminateForked()).as("exit after SIGTERM").isNotNull();
            // H2's compaction at close is bounded in time (MAX_COMPACT_TIME): under load it can stop after moving
            // chunks, before the file is truncated, so the file is bounded by its running size plus a margin rather
            // than never larger; both databases are also compacted while running (StoreMaintenance,
            // StateDatabaseMaintenance), so a clean stop is no longer what keeps them small. With compressed pages
            // (64 KiB page splits) the running files are a few hundred KB here, and the chunk the close's compaction
            // writes is a fixed amount rather than a share: the margin is a quarter or 128 KiB, whichever is larger
            assertThat(java.nio.file.Files.size(metadata)).as("meta.mv.db after a clean stop (%d bytes while running)",
                metadataRunning).isLessThanOrEqualTo(metadataRunning + Math.max(metadataRunning / 4, 128 << 10));
            assertThat(java.nio.file.Files.size(state)).as("cpm.mv.db after a clean stop (%d bytes while running)",
                stateRunning).isLessThanOrEqualTo(stateRunning + Math.max(stateRunning / 4, 128 << 10));

            server.startForked();
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, "pw")) {
                assertThat(item(statusLine(imap), "MESSAGES")).isEqualTo(100);
            }
        }
    }

    private static List<String> fetchLines(List<String> response) {
        return response.stream().filter(line -> line.matches("(?s)^\\* \\d+ FETCH .*")).toList();
    }

    private static long item(String status, String name) {
        Matcher matcher = Pattern.compile(name + " (\\d+)").matcher(status);
        assertThat(matcher.find()).as(status).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static String statusLine(ImapConnection imap) throws Exception {
        String status = imap.expectOk("STATUS Conversations (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ)").get(0);
        Matcher matcher = Pattern.compile("UIDVALIDITY (\\d+)").matcher(status);
        assertThat(matcher.find()).isTrue();
        return status;
    }
}
