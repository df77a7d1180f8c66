package org.cpmmss.james.imap.conformance;

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
 * IMAP answers RFC 3501 and its extensions fix, where James 3.8.1 answered otherwise (issue 21), over a raw socket
 * against the booted server: ENVELOPE personal names, sections of message/rfc822 parts, COPYUID of MOVE and COPY,
 * LIST with a pattern list (RFC 5258), mailbox names that are not modified UTF-7. Each test has its own folders.
 */
class ImapConformanceTest {
    private static final String USER = "conform@example.com";
    private static final String PASSWORD = "secret";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .domain("example.com").user(USER, PASSWORD).build();

    private static ImapConnection login() throws Exception {
        return ImapConnection.login(server.imapPort(), USER, PASSWORD);
    }

    private static void append(ImapConnection imap, String mailbox, String message) throws Exception {
        List<String> answer = imap.commandWithLiteral("APPEND " + mailbox, message.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.get(answer.size() - 1)).contains("OK");
    }

    private static String tagged(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    /** The answer line of a one-item FETCH of a body section, as ImapConnection shows it (literal inline). */
    private static String section(String name, String content) {
        return "* 1 FETCH (" + name + " {" + content.getBytes(StandardCharsets.UTF_8).length + "}\r\n" + content + ")";
    }

    @Test
    void envelopeGivesACommentAsThePersonalNameAndKeepsGroupsAndDisplayNames() throws Exception {
        try (ImapConnection imap = login()) {
            imap.expectOk("CREATE Envelopes");
            append(imap, "Envelopes", "From: alice@example.net (Alice Liddell)\r\n"
                + "To: friends: bob@example.org, \"Carol C\" <carol@example.org>;, dave@example.com\r\n"
                + "Cc: undisclosed-recipients:;\r\n"
                + "Subject: tea\r\n"
                + "Date: Thu, 15 Feb 2007 01:02:03 +0200\r\n"
                + "Message-ID: <tea@example.net>\r\n"
                + "\r\n"
                + "hello\r\n");
            imap.expectOk("SELECT Envelopes");
            List<String> answer = imap.expectOk("FETCH 1 ENVELOPE");
            // compared without the spaces James writes between the addresses of a list (RFC 3501 has none)
            String envelope = answer.get(0).replaceAll("(?<=[\"L])\\) \\((?=[N\"])", ")(");
            String alice = "((\"Alice Liddell\" NIL \"alice\" \"example.net\"))";
            assertThat(envelope).isEqualTo("* 1 FETCH (ENVELOPE (\"Thu, 15 Feb 2007 01:02:03 +0200\" \"tea\" "
                + alice + " " + alice + " " + alice + " "
                + "((NIL NIL \"friends\" NIL)(NIL NIL \"bob\" \"example.org\")(\"Carol C\" NIL \"carol\" \"example.org\")"
                + "(NIL NIL NIL NIL)(NIL NIL \"dave\" \"example.com\")) "
                + "((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) NIL NIL \"<tea@example.net>\"))");
            // the header fields read for the names are not a body FETCH: no \Seen
            assertThat(imap.expectOk("FETCH 1 FLAGS").get(0)).isEqualTo("* 1 FETCH (FLAGS (\\Recent))");
        }
    }

    @Test
    void sectionsOfAMessageRfc822PartAddressTheEmbeddedMessage() throws Exception {
        try (ImapConnection imap = login()) {
            imap.expectOk("CREATE Embedded");
            append(imap, "Embedded", "From: a@example.net\r\n"
                + "Subject: outer\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"XX\"\r\n"
                + "\r\n"
                + "--XX\r\n"
                + "Content-Type: text/plain\r\n"
                + "\r\n"
                + "first part\r\n"
                + "--XX\r\n"
                + "Content-Type: message/rfc822\r\n"
                + "X-Part: two\r\n"
                + "\r\n"
                + "From: b@example.org\r\n"
                + "Subject: inner\r\n"
                + "\r\n"
                + "inner body\r\n"
                + "--XX--\r\n");
            imap.expectOk("SELECT Embedded");
            String embedded = "From: b@example.org\r\nSubject: inner\r\n\r\ninner body";
            assertThat(imap.expectOk("FETCH 1 BODY.PEEK[1]").get(0)).isEqualTo(section("BODY[1]", "first part"));
            assertThat(imap.expectOk("FETCH 1 BODY.PEEK[2]").get(0)).isEqualTo(section("BODY[2]", embedded));
            assertThat(imap.expectOk("FETCH 1 BODY.PEEK[2.MIME]").get(0))
                .isEqualTo(section("BODY[2.MIME]", "Content-Type: message/rfc822\r\nX-Part: two\r\n\r\n"));
            assertThat(imap.expectOk("FETCH 1 BODY.PEEK[2.HEADER]").get(0))
                .isEqualTo(section("BODY[2.HEADER]", "From: b@example.org\r\nSubject: inner\r\n\r\n"));
            assertThat(imap.expectOk("FETCH 1 BODY.PEEK[2.HEADER.FIELDS (SUBJECT)]").get(0))
                .isEqualTo(section("BODY[2.HEADER.FIELDS (SUBJECT)]", "Subject: inner\r\n\r\n"));
            assertThat(imap.expectOk("FETCH 1 BODY.PEEK[2.HEADER.FIELDS.NOT (SUBJECT)]").get(0))
                .isEqualTo(section("BODY[2.HEADER.FIELDS.NOT (SUBJECT)]", "From: b@example.org\r\n\r\n"));
            assertThat(imap.expectOk("FETCH 1 BODY.PEEK[2.TEXT]").get(0)).isEqualTo(section("BODY[2.TEXT]", "inner body"));
            assertThat(imap.expectOk("FETCH 1 BODY.PEEK[2.1]").get(0)).isEqualTo(section("BODY[2.1]", "inner body"));
            assertThat(imap.expectOk("FETCH 1 BODY.PEEK[2.TEXT]<0.5>").get(0)).isEqualTo(section("BODY[2.TEXT]<0>", "inner"));
        }
    }

    @Test
    void partsOfADigestAreEmbeddedMessagesByDefault() throws Exception {
        try (ImapConnection imap = login()) {
            imap.expectOk("CREATE Digests");
            append(imap, "Digests", "From: a@example.net\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/digest; boundary=\"D\"\r\n"
                + "\r\n"
                + "--D\r\n"
                + "\r\n"
                + "From: m1@example.com\r\n"
                + "Subject: m1\r\n"
                + "\r\n"
                + "m1 body\r\n"
                + "--D--\r\n");
            imap.expectOk("SELECT Digests");
            assertThat(imap.expectOk("FETCH 1 BODY.PEEK[1]").get(0))
                .isEqualTo(section("BODY[1]", "From: m1@example.com\r\nSubject: m1\r\n\r\nm1 body"));
            assertThat(imap.expectOk("FETCH 1 BODY.PEEK[1.MIME]").get(0)).isEqualTo(section("BODY[1.MIME]", "\r\n"));
            assertThat(imap.expectOk("FETCH 1 BODY.PEEK[1.HEADER]").get(0))
                .isEqualTo(section("BODY[1.HEADER]", "From: m1@example.com\r\nSubject: m1\r\n\r\n"));
            assertThat(imap.expectOk("FETCH 1 BODY.PEEK[1.TEXT]").get(0)).isEqualTo(section("BODY[1.TEXT]", "m1 body"));
        }
    }

    @Test
    void moveAnnouncesCopyUidWithUidsBeforeTheExpunge() throws Exception {
        try (ImapConnection imap = login()) {
            imap.expectOk("CREATE MoveFrom");
            imap.expectOk("CREATE MoveTo");
            for (String subject : List.of("one", "two", "three")) {
                append(imap, "MoveFrom", "Subject: " + subject + "\r\n\r\nbody\r\n");
            }
            long destination = statusNumber(imap, "MoveTo", "UIDVALIDITY");
            long source = statusNumber(imap, "MoveFrom", "UIDVALIDITY");
            imap.expectOk("SELECT MoveFrom");
            imap.expectOk("STORE 1 +FLAGS.SILENT (\\Deleted)");
            imap.expectOk("EXPUNGE");
            // now message 1 is UID 2, message 2 is UID 3: COPYUID must name UIDs, not sequence numbers
            List<String> move = imap.expectOk("MOVE 1 MoveTo");
            assertThat(move.get(0)).isEqualTo("* OK [COPYUID " + destination + " 2 1] Moved UIDs.");
            assertThat(move.get(1)).isEqualTo("* 1 EXPUNGE");
            assertThat(tagged(move)).doesNotContain("COPYUID").contains("OK");

            List<String> copy = imap.expectOk("COPY 1 MoveTo");
            assertThat(tagged(copy)).matches("a\\d+ OK \\[COPYUID " + destination + " 3 2\\] .*");

            // into the selected mailbox itself: the source goes, then the count with the moved copy
            List<String> self = imap.expectOk("MOVE 1 MoveFrom");
            assertThat(self.subList(0, 3)).containsExactly(
                "* OK [COPYUID " + source + " 3 4] Moved UIDs.", "* 1 EXPUNGE", "* 1 EXISTS");
            assertThat(imap.expectOk("UID FETCH 1:* UID").get(0)).isEqualTo("* 1 FETCH (UID 4)");
        }
    }

    @Test
    void uidCommandsInAnEmptyFolderMatchNothingAndCompleteOk() throws Exception {
        try (ImapConnection imap = login()) {
            imap.expectOk("CREATE EmptyNew");
            imap.expectOk("CREATE EmptyAgain");
            imap.expectOk("CREATE EmptyTarget");
            append(imap, "EmptyAgain", "Subject: gone\r\n\r\nbody\r\n");
            imap.expectOk("SELECT EmptyAgain");
            imap.expectOk("STORE 1 +FLAGS.SILENT (\\Deleted)");
            imap.expectOk("EXPUNGE");
            // a folder never written (UIDNEXT 1) and one emptied (UIDNEXT 2): RFC 3501 6.4.8 and section 9, as Dovecot
            for (String folder : List.of("EmptyNew", "EmptyAgain")) {
                imap.expectOk("SELECT " + folder + " (CONDSTORE)");
                assertThat(imap.command("UID FETCH 1:* (UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])"))
                    .as(folder).singleElement().asString().matches("a\\d+ OK FETCH completed\\.");
                assertThat(imap.command("UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE 1)"))
                    .as(folder).singleElement().asString().matches("a\\d+ OK FETCH completed\\.");
                assertThat(imap.command("UID STORE 1:* +FLAGS (\\Seen)"))
                    .as(folder).singleElement().asString().matches("a\\d+ OK STORE completed\\.");
                assertThat(imap.command("UID COPY 1:* EmptyTarget"))
                    .as(folder).singleElement().asString().matches("a\\d+ OK COPY completed\\.");
                assertThat(imap.command("UID MOVE 1:* EmptyTarget"))
                    .as(folder).singleElement().asString().matches("a\\d+ OK MOVE completed\\.");
                assertThat(imap.command("UID EXPUNGE 1:*"))
                    .as(folder).singleElement().asString().matches("a\\d+ OK EXPUNGE completed\\.");
                // the checks before the set still answer: a missing target, and sequence numbers (no message 1)
                assertThat(tagged(imap.command("UID COPY 1:* EmptyMissing"))).matches("a\\d+ NO \\[TRYCREATE\\] .*");
                assertThat(tagged(imap.command("FETCH 1:* (FLAGS)"))).matches("a\\d+ BAD .*Invalid messageset.*");
                assertThat(tagged(imap.command("STORE 1 +FLAGS (\\Seen)"))).matches("a\\d+ BAD .*Invalid messageset.*");
            }
            assertThat(statusNumber(imap, "EmptyTarget", "MESSAGES")).isZero();
            // the same connection goes on, and a message appended now is found by the same UID FETCH
            append(imap, "EmptyNew", "Subject: first\r\n\r\nbody\r\n");
            imap.expectOk("SELECT EmptyNew");
            assertThat(imap.expectOk("UID FETCH 1:* (UID)").get(0)).isEqualTo("* 1 FETCH (UID 1)");
        }
    }

    @Test
    void aFolderSelectedReadOnlyKeepsItsFlagsAndMessages() throws Exception {
        try (ImapConnection writer = login(); ImapConnection reader = login()) {
            writer.expectOk("CREATE Examined");
            for (String subject : List.of("one", "two", "three")) {
                append(writer, "Examined", "Subject: " + subject + "\r\n\r\nbody\r\n");
            }
            writer.expectOk("SELECT Examined");
            writer.expectOk("STORE 3 +FLAGS.SILENT (\\Deleted)");

            assertThat(tagged(reader.expectOk("EXAMINE Examined"))).contains("OK [READ-ONLY]");
            // RFC 3501 6.3.2: no change to the folder's state, per-user state (\Seen) included
            List<String> body = reader.expectOk("FETCH 1 (BODY[])");
            assertThat(body.get(0)).startsWith("* 1 FETCH (BODY[] {").doesNotContain("FLAGS");
            assertThat(reader.expectOk("FETCH 1:3 (FLAGS)").subList(0, 3)).containsExactly(
                "* 1 FETCH (FLAGS ())", "* 2 FETCH (FLAGS ())", "* 3 FETCH (FLAGS (\\Deleted))");
            assertThat(reader.expectOk("STORE 2 +FLAGS (\\Flagged)"))
                .singleElement().asString().matches("a\\d+ OK STORE ignored with read-only mailbox\\.");
            assertThat(reader.expectOk("UID STORE 1:* +FLAGS.SILENT (\\Seen)"))
                .singleElement().asString().matches("a\\d+ OK STORE ignored with read-only mailbox\\.");
            assertThat(reader.expectOk("EXPUNGE")).singleElement().asString().matches("a\\d+ OK EXPUNGE completed\\.");
            assertThat(reader.expectOk("UID EXPUNGE 1:*")).singleElement().asString()
                .matches("a\\d+ OK EXPUNGE completed\\.");
            // 6.4.2: CLOSE of a read-only selection removes nothing
            reader.expectOk("CLOSE");
            assertThat(statusNumber(reader, "Examined", "MESSAGES")).isEqualTo(3);
            assertThat(writer.expectOk("FETCH 1:3 (FLAGS)").subList(0, 3)).containsExactly(
                "* 1 FETCH (FLAGS (\\Recent))", "* 2 FETCH (FLAGS (\\Recent))",
                "* 3 FETCH (FLAGS (\\Deleted \\Recent))");

            // an EXAMINE pipelined with a STORE: the STORE is decided once the EXAMINE is answered
            reader.send("p1 EXAMINE Examined\r\np2 STORE 1 +FLAGS (\\Answered)\r\n");
            assertThat(tagged(reader.readUntilTagged("p1"))).contains("OK [READ-ONLY]");
            assertThat(reader.readUntilTagged("p2")).singleElement().asString()
                .isEqualTo("p2 OK STORE ignored with read-only mailbox.");
            // selected read-write again, the same connection changes flags
            reader.expectOk("SELECT Examined");
            assertThat(reader.expectOk("STORE 1 +FLAGS (\\Answered)").get(0)).startsWith("* 1 FETCH (FLAGS (\\Answered");
        }
    }

    @Test
    void inboxCannotBeDeletedAndKeepsItsMessages() throws Exception {
        try (ImapConnection imap = login()) {
            append(imap, "INBOX", "Subject: kept\r\n\r\nbody\r\n");
            long messages = statusNumber(imap, "INBOX", "MESSAGES");
            long validity = statusNumber(imap, "INBOX", "UIDVALIDITY");
            imap.expectOk("SELECT INBOX");
            // RFC 3501 6.3.4: it is an error to attempt to delete the name INBOX (any case: INBOX is case-insensitive)
            for (String name : List.of("INBOX", "inbox", "\"Inbox\"")) {
                assertThat(imap.command("DELETE " + name)).singleElement().asString()
                    .matches("a\\d+ NO DELETE failed\\. INBOX can not be deleted\\.");
            }
            assertThat(statusNumber(imap, "INBOX", "MESSAGES")).isEqualTo(messages);
            assertThat(statusNumber(imap, "INBOX", "UIDVALIDITY")).isEqualTo(validity);
            // still selected: the connection goes on in it
            assertThat(imap.expectOk("FETCH " + messages + " (BODY.PEEK[HEADER.FIELDS (SUBJECT)])").get(0))
                .contains("Subject: kept");
            // other folders are deleted as before
            imap.expectOk("CREATE Deletable");
            imap.expectOk("DELETE Deletable");
        }
    }

    @Test
    void aConditionalStoreNamesTheMessagesItLeftInAModifiedSet() throws Exception {
        try (ImapConnection imap = login()) {
            imap.expectOk("CREATE Conditional");
            for (String subject : List.of("one", "two", "three")) {
                append(imap, "Conditional", "Subject: " + subject + "\r\n\r\nbody\r\n");
            }
            imap.expectOk("SELECT Conditional (CONDSTORE)");
            long before = statusNumber(imap, "Conditional", "HIGHESTMODSEQ");
            imap.expectOk("STORE 2 +FLAGS.SILENT (\\Flagged)");
            imap.expectOk("UID STORE 3 +FLAGS.SILENT (\\Flagged)");
            // RFC 7162 3.1.3: MODIFIED takes a sequence set (James wrote "MODIFIED 0 2:3")
            assertThat(tagged(imap.command("STORE 1:3 (UNCHANGEDSINCE " + before + ") +FLAGS.SILENT (\\Seen)")))
                .matches("a\\d+ OK \\[MODIFIED 2:3\\] STORE failed\\.");
            assertThat(tagged(imap.command("UID STORE 2 (UNCHANGEDSINCE " + before + ") +FLAGS.SILENT (\\Seen)")))
                .matches("a\\d+ OK \\[MODIFIED 2\\] STORE failed\\.");
            // the message that was not modified was stored
            assertThat(imap.expectOk("FETCH 1 (FLAGS)").get(0)).contains("\\Seen");
        }
    }

    @Test
    void aUidFetchWithVanishedReportsEveryUidOfItsSetNoLongerInTheFolder() throws Exception {
        try (ImapConnection device = login(); ImapConnection other = login()) {
            device.expectOk("CREATE Vanishing");
            for (int i = 1; i <= 5; i++) {
                append(device, "Vanishing", "Subject: " + i + "\r\n\r\nbody\r\n");
            }
            device.expectOk("ENABLE QRESYNC");
            device.expectOk("SELECT Vanishing");
            // the first, a middle and the newest message expunged on another device
            other.expectOk("SELECT Vanishing");
            other.expectOk("UID STORE 1,3,5 +FLAGS.SILENT (\\Deleted)");
            other.expectOk("EXPUNGE");
            device.expectOk("NOOP");
            // RFC 7162 3.2.6 (James reported only UIDs between the first and the last still there: 3)
            List<String> resync = device.expectOk("UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)");
            assertThat(resync.get(0)).isEqualTo("* VANISHED (EARLIER) 1,3,5");
            assertThat(resync.subList(1, resync.size() - 1)).allMatch(line -> line.matches("\\* \\d FETCH \\(UID [24] .*"))
                .hasSize(2);
            assertThat(device.expectOk("UID FETCH 2:4 (FLAGS) (CHANGEDSINCE 1 VANISHED)").get(0))
                .isEqualTo("* VANISHED (EARLIER) 3");
            // emptied: everything vanished, and the command completes
            other.expectOk("UID STORE 1:* +FLAGS.SILENT (\\Deleted)");
            other.expectOk("EXPUNGE");
            device.expectOk("NOOP");
            List<String> empty = device.expectOk("UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)");
            assertThat(empty).hasSize(2);
            assertThat(empty.get(0)).isEqualTo("* VANISHED (EARLIER) 1:5");
        }
    }

    private static long statusNumber(ImapConnection imap, String mailbox, String item) throws Exception {
        String status = imap.expectOk("STATUS " + mailbox + " (" + item + ")").get(0);
        Matcher number = Pattern.compile(item + " (\\d+)").matcher(status);
        assertThat(number.find()).as(status).isTrue();
        return Long.parseLong(number.group(1));
    }

    @Test
    void listTakesAPatternListAndNamesEachMailboxOnce() throws Exception {
        try (ImapConnection imap = login()) {
            for (String name : List.of("Proj/a1", "Proj/b2", "Proj/c3", "Proj/d2/x")) {
                imap.expectOk("CREATE " + name);
            }
            imap.expectOk("SUBSCRIBE Proj/a1");
            List<String> listed = imap.expectOk("LIST \"\" (Proj/*2 Proj/c3 Proj/b2)");
            assertThat(names(listed)).containsExactlyInAnyOrder("Proj/b2", "Proj/d2", "Proj/c3");

            List<String> subscribed = imap.expectOk("LIST (SUBSCRIBED) \"\" (Proj/a1 \"Proj/c3\")");
            assertThat(names(subscribed)).containsExactly("Proj/a1");
            assertThat(subscribed.get(0)).contains("\\Subscribed");
        }
    }

    @Test
    void listAnswersBadForUnknownOptionsAndKeepsTheConnection() throws Exception {
        try (ImapConnection imap = login()) {
            assertThat(tagged(imap.command("LIST (imaptest) \"\" \"\""))).matches("a\\d+ BAD .*");
            assertThat(tagged(imap.command("LIST \"\" \"\" RETURN (imaptest)"))).matches("a\\d+ BAD .*");
            assertThat(tagged(imap.command("LIST (RECURSIVEMATCH) \"\" \"*\""))).matches("a\\d+ BAD .*");
            assertThat(tagged(imap.command("LIST (RECURSIVEMATCH REMOTE) \"\" \"*\""))).matches("a\\d+ BAD .*");
            assertThat(tagged(imap.command("LIST \"\" ()"))).matches("a\\d+ BAD .*");
            imap.expectOk("NOOP");
        }
    }

    @Test
    void namesThatAreNotModifiedUtf7GetNoAndTheConnectionStays() throws Exception {
        try (ImapConnection imap = login()) {
            // every atom character; '&' followed by "'+,-" is not a modified UTF-7 run
            assertThat(tagged(imap.command("SELECT !#$&'+,-.0123456789:;<=>?@^_`|[}"))).matches("a\\d+ NO .*");
            assertThat(tagged(imap.command("SELECT !#$'+,-.0123456789:;<=>?@^_`|[}"))).matches("a\\d+ NO .*");
            assertThat(tagged(imap.command("CREATE &Jjo"))).matches("a\\d+ NO .*");
            assertThat(tagged(imap.command("STATUS \"&Jjo\" (MESSAGES)"))).matches("a\\d+ NO .*");
            assertThat(imap.expectOk("LIST \"\" !#$&'+,-.0123456789:;<=>?@^_`|[}%*")).hasSize(1);
            assertThat(tagged(imap.command("CREATE \"a\u0001b\""))).matches("a\\d+ NO .*");
            assertThat(tagged(imap.command("SELECT caf\u00e9"))).matches("a\\d+ BAD .*");
            imap.expectOk("NOOP");
            // a valid modified UTF-7 name still works
            imap.expectOk("CREATE &AOk-t");
            assertThat(names(imap.expectOk("LIST \"\" &AOk-t"))).containsExactly("&AOk-t");
            assertThat(names(imap.expectOk("LIST \"\" a*"))).doesNotContain("a\u0001b");
        }
    }

    private static List<String> names(List<String> lines) {
        return lines.stream()
            .filter(line -> line.startsWith("* LIST "))
            .map(line -> line.substring(line.indexOf("\"/\" ") + 4).replace("\"", ""))
            .toList();
    }
}
