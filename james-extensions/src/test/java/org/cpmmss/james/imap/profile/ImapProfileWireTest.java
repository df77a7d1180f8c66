package org.cpmmss.james.imap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each rule of the IMAP profile, on the wire (exact lines), with the shipped conf/ (every switch on). */
class ImapProfileWireTest {
    private static final String PASSWORD = "secret";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        // a mailet delivering into a nested CPM folder, to check delivery uses the "/" delimiter too
        .replace("mailetcontainer.xml", "<mailet match=\"RecipientIsLocal\" class=\"LocalDelivery\">",
            "<mailet match=\"SenderIs=mailet@example.com\" class=\"ToSenderFolder\"><folder>Default/sip:bob@example.com</folder><consume>true</consume></mailet>\n"
                + "            <mailet match=\"RecipientIsLocal\" class=\"LocalDelivery\">")
        .domain("example.com")
        .user("delim@example.com", PASSWORD).user("order@example.com", PASSWORD).user("atoms@example.com", PASSWORD)
        .user("caps@example.com", PASSWORD).user("search@example.com", PASSWORD).user("mailet@example.com", PASSWORD)
        .user("webadmin@example.com", PASSWORD).user("shapes@example.com", PASSWORD)
        .build();

    private static ImapConnection login(String user) throws Exception {
        return ImapConnection.login(server.imapPort(), user + "@example.com", PASSWORD);
    }

    private static byte[] message(String extraHeaders, String body) {
        return ("From: tel:+33612345678\r\nTo: tel:+33698765432\r\nSubject: t\r\n" + extraHeaders + "\r\n" + body + "\r\n")
            .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void capabilityAfterLoginAdvertisesWhatRcsClientsLookFor() throws Exception {
        try (ImapConnection imap = login("caps")) {
            String capability = imap.expectOk("CAPABILITY").get(0);
            assertThat(capability).startsWith("* CAPABILITY ");
            assertThat(List.of(capability.substring("* CAPABILITY ".length()).toUpperCase().split(" ")))
                .contains("IMAP4REV1", "IDLE", "UIDPLUS", "CONDSTORE", "QRESYNC", "ENABLE", "LIST-EXTENDED", "LIST-STATUS",
                    "METADATA", "UNSELECT", "NAMESPACE", "MOVE", "ESEARCH", "LITERAL+");
            assertThat(imap.expectOk("ENABLE CONDSTORE")).containsExactly("* ENABLED CONDSTORE", imap.lastTag() + " OK ENABLE completed.");
        }
    }

    @Test
    void slashIsTheDelimiterOfEveryMailboxCommand() throws Exception {
        try (ImapConnection imap = login("delim")) {
            assertThat(imap.expectOk("NAMESPACE").get(0)).isEqualTo("* NAMESPACE ((\"\" \"/\")) NIL NIL");
            assertThat(imap.expectOk("LIST \"\" \"\"").get(0)).isEqualTo("* LIST (\\Noselect) \"/\" \"\"");
            imap.expectOk("CREATE \"Default/sip:bob@example.com\"");
            imap.expectOk("CREATE Default/tel:+33612345678/9d2c5e0a");
            assertThat(imap.expectOk("LIST \"\" \"Default*\"")).containsExactly(
                "* LIST (\\HasChildren) \"/\" Default",
                "* LIST (\\HasNoChildren) \"/\" Default/sip:bob@example.com",
                "* LIST (\\HasChildren) \"/\" Default/tel:+33612345678",
                "* LIST (\\HasNoChildren) \"/\" Default/tel:+33612345678/9d2c5e0a",
                imap.lastTag() + " OK LIST completed.");
            // % stops at "/", not at the dots of the SIP URI
            assertThat(imap.expectOk("LIST \"\" \"Default/%\"")).containsExactly(
                "* LIST (\\HasNoChildren) \"/\" Default/sip:bob@example.com",
                "* LIST (\\HasChildren) \"/\" Default/tel:+33612345678",
                imap.lastTag() + " OK LIST completed.");
            assertThat(imap.expectOk("LIST (SPECIAL-USE) \"\" \"Default/%\" RETURN (CHILDREN)")).last().asString().contains("OK");
            imap.expectOk("SUBSCRIBE Default/sip:bob@example.com");
            imap.expectOk("SUBSCRIBE Default/gone/away");
            assertThat(imap.expectOk("LSUB \"\" \"Default/*\"")).containsExactly(
                "* LSUB () \"/\" Default/gone/away",
                "* LSUB () \"/\" Default/sip:bob@example.com",
                imap.lastTag() + " OK LSUB completed.");
            assertThat(imap.expectOk("LIST (SUBSCRIBED) \"\" \"Default/*\"")).containsExactly(
                "* LIST (\\Subscribed \\NonExistent) \"/\" Default/gone/away",
                "* LIST (\\Subscribed) \"/\" Default/sip:bob@example.com",
                imap.lastTag() + " OK LIST completed.");
            assertThat(imap.expectOk("STATUS Default/sip:bob@example.com (MESSAGES)").get(0))
                .isEqualTo("* STATUS Default/sip:bob@example.com (MESSAGES 0)");
            assertThat(imap.expectOk("SELECT Default/sip:bob@example.com")).last().asString().endsWith("OK [READ-WRITE] SELECT completed.");
            imap.expectOk("RENAME Default/tel:+33612345678 Archive/tel:+33612345678");
            assertThat(imap.expectOk("LIST \"\" \"Archive/*\"")).containsExactly(
                "* LIST (\\HasChildren) \"/\" Archive/tel:+33612345678",
                "* LIST (\\HasNoChildren) \"/\" Archive/tel:+33612345678/9d2c5e0a",
                imap.lastTag() + " OK LIST completed.");
            imap.expectOk("DELETE Archive/tel:+33612345678/9d2c5e0a");
            assertThat(imap.expectOk("LIST \"\" \"Archive/*\"")).containsExactly(
                "* LIST (\\HasNoChildren) \"/\" Archive/tel:+33612345678", imap.lastTag() + " OK LIST completed.");
        }
    }

    @Test
    void mailetDeliveryAndWebAdminUseTheSlashDelimiter() throws Exception {
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            assertThat(lmtp.send("mailet@example.com", List.of("mailet@example.com"), message("", "delivered"))).allMatch(r -> r.startsWith("250"));
        }
        assertThat(server.webAdmin().send("PUT", "/users/webadmin@example.com/mailboxes/Default%2Fsip:carol@example.com", null).statusCode())
            .isEqualTo(204);
        try (ImapConnection imap = login("mailet")) {
            assertThat(imap.expectOk("LIST \"\" \"Default*\"")).containsExactly(
                "* LIST (\\HasChildren) \"/\" Default",
                "* LIST (\\HasNoChildren) \"/\" Default/sip:bob@example.com",
                imap.lastTag() + " OK LIST completed.");
            assertThat(imap.expectOk("STATUS Default/sip:bob@example.com (MESSAGES)").get(0))
                .isEqualTo("* STATUS Default/sip:bob@example.com (MESSAGES 1)");
        }
        try (ImapConnection imap = login("webadmin")) {
            assertThat(imap.expectOk("LIST \"\" \"Default*\"")).containsExactly(
                "* LIST (\\HasChildren) \"/\" Default",
                "* LIST (\\HasNoChildren) \"/\" Default/sip:carol@example.com",
                imap.lastTag() + " OK LIST completed.");
        }
    }

    @Test
    void fetchItemsComeInRequestOrderWithUidFirstForUidFetch() throws Exception {
        try (ImapConnection imap = login("order")) {
            imap.expectOk("CREATE Default/tel:+33612345678");
            byte[] stored = message("IMDN-Message-ID: ord1\r\n", "body one");
            imap.commandWithLiteral("APPEND Default/tel:+33612345678 (\\Seen)", stored);
            imap.expectOk("SELECT Default/tel:+33612345678 (CONDSTORE)");
            assertThat(imap.expectOk("UID FETCH 1 (FLAGS UID)").get(0)).isEqualTo("* 1 FETCH (UID 1 FLAGS (\\Seen \\Recent))");
            assertThat(imap.expectOk("UID FETCH 1 (RFC822.SIZE FLAGS MODSEQ BODY.PEEK[])").get(0))
                .matches("(?s)\\* 1 FETCH \\(UID 1 RFC822.SIZE " + stored.length + " FLAGS \\(\\\\Seen \\\\Recent\\) MODSEQ \\(\\d+\\) BODY\\[\\] \\{"
                    + stored.length + "\\}\r\n" + java.util.regex.Pattern.quote(new String(stored, StandardCharsets.UTF_8)) + "\\)");
            assertThat(imap.expectOk("FETCH 1 (BODY.PEEK[HEADER.FIELDS (IMDN-Message-ID)] INTERNALDATE UID)").get(0))
                .matches("(?s)\\* 1 FETCH \\(BODY\\[HEADER.FIELDS \\(IMDN-Message-ID\\)\\] \\{\\d+\\}\r\nIMDN-Message-ID: ord1\r\n\r\n INTERNALDATE \"[^\"]+\" UID 1\\)");
            // CHANGEDSINCE adds MODSEQ after the requested items
            assertThat(imap.expectOk("UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1)").get(0)).matches("\\* 1 FETCH \\(UID 1 FLAGS \\([^)]*\\) MODSEQ \\(\\d+\\)\\)");
            // a non-PEEK body fetch sets \Seen: the FLAGS the server adds come after the requested items
            imap.expectOk("UID STORE 1 -FLAGS.SILENT (\\Seen)");
            // ... with the MODSEQ of that implicit \Seen (CONDSTORE is enabled by the SELECT), as the mailbox holds it
            String seen = imap.expectOk("FETCH 1 (BODY[TEXT] UID)").get(0);
            java.util.regex.Matcher implicit = java.util.regex.Pattern.compile(
                "(?s)\\* 1 FETCH \\(BODY\\[TEXT\\] \\{\\d+\\}\r\nbody one\r\n UID 1 FLAGS \\(\\\\Seen \\\\Recent\\) MODSEQ \\((\\d+)\\)\\)").matcher(seen);
            assertThat(implicit.matches()).as(seen).isTrue();
            assertThat(imap.expectOk("FETCH 1 (MODSEQ)").get(0)).isEqualTo("* 1 FETCH (MODSEQ (" + implicit.group(1) + "))");
        }
    }

    @Test
    void statusAndListStatusItemsComeInRequestOrder() throws Exception {
        try (ImapConnection imap = login("order")) {
            imap.command("CREATE Default/tel:+33600000001");
            assertThat(imap.expectOk("STATUS Default/tel:+33600000001 (UIDVALIDITY HIGHESTMODSEQ MESSAGES UNSEEN UIDNEXT)").get(0))
                .matches("\\* STATUS Default/tel:\\+33600000001 \\(UIDVALIDITY \\d+ HIGHESTMODSEQ \\d+ MESSAGES 0 UNSEEN 0 UIDNEXT 1\\)");
            List<String> list = imap.expectOk("LIST \"\" \"Default/tel:+33600000001\" RETURN (STATUS (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ))");
            assertThat(list.get(0)).isEqualTo("* LIST () \"/\" Default/tel:+33600000001");
            assertThat(list.get(1)).matches("\\* STATUS Default/tel:\\+33600000001 \\(MESSAGES 0 UIDNEXT 1 UIDVALIDITY \\d+ HIGHESTMODSEQ \\d+\\)");
        }
    }

    @Test
    void mailboxNamesAreAtomsUnlessTheGrammarNeedsQuotes() throws Exception {
        try (ImapConnection imap = login("atoms")) {
            imap.expectOk("CREATE \"Default/with space\"");
            imap.expectOk("CREATE \"Default/quote\\\"d\"");
            imap.expectOk("CREATE \"Default/NIL\"");
            imap.expectOk("CREATE \"Default/x]y\"");
            assertThat(imap.expectOk("LIST \"\" \"Default/%\"")).containsExactly(
                "* LIST (\\HasNoChildren) \"/\" Default/NIL",
                "* LIST (\\HasNoChildren) \"/\" \"Default/quote\\\"d\"",
                "* LIST (\\HasNoChildren) \"/\" \"Default/with space\"",
                "* LIST (\\HasNoChildren) \"/\" Default/x]y",
                imap.lastTag() + " OK LIST completed.");
            assertThat(imap.expectOk("LIST \"\" INBOX").get(0)).isEqualTo("* LIST (\\HasNoChildren) \"/\" INBOX");
            assertThat(imap.expectOk("STATUS \"Default/with space\" (MESSAGES)").get(0)).isEqualTo("* STATUS \"Default/with space\" (MESSAGES 0)");
            assertThat(imap.expectOk("STATUS Default/x]y (MESSAGES)").get(0)).isEqualTo("* STATUS Default/x]y (MESSAGES 0)");
        }
    }

    @Test
    void uidSearchHeaderFindsCpmHeadersThroughTheIndex() throws Exception {
        try (ImapConnection imap = login("search")) {
            imap.expectOk("CREATE Default/tel:+33612345678");
            imap.commandWithLiteral("APPEND Default/tel:+33612345678", message(
                "IMDN-Message-ID: UFoF32HXi7\r\nMessage-Correlator: corr-77\r\nConversation-ID: f81d4fae7dec11d0a76500a0c91e6bf6\r\n"
                    + "Contribution-ID: 9d2c5e0a41b34c7e\r\n", "one"));
            imap.commandWithLiteral("APPEND Default/tel:+33612345678", message(
                "IMDN-Message-ID: Qx8bT4mLw2\r\nMessage-Correlator: corr-78\r\nConversation-ID: 00000000000000000000000000000000\r\n"
                    + "Contribution-ID: 1111\r\n", "two"));
            imap.expectOk("SELECT Default/tel:+33612345678");
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(imap.expectOk("UID SEARCH HEADER IMDN-Message-ID Qx8bT4mLw2").get(0)).isEqualTo("* SEARCH 2"));
            assertThat(imap.expectOk("UID SEARCH HEADER IMDN-Message-ID UFoF32HXi7").get(0)).isEqualTo("* SEARCH 1");
            assertThat(imap.expectOk("UID SEARCH HEADER Message-Correlator corr-78").get(0)).isEqualTo("* SEARCH 2");
            assertThat(imap.expectOk("UID SEARCH HEADER Conversation-ID f81d4fae7dec11d0a76500a0c91e6bf6").get(0)).isEqualTo("* SEARCH 1");
            assertThat(imap.expectOk("UID SEARCH HEADER Contribution-ID 1111").get(0)).isEqualTo("* SEARCH 2");
            assertThat(imap.expectOk("UID SEARCH HEADER IMDN-Message-ID NoSuchId").get(0)).isEqualTo("* SEARCH");
        }
    }

    @Test
    void answersHaveDovecotsShapeWhereAClientSeesIt() throws Exception {
        try (ImapConnection imap = new ImapConnection(server.imapPort()); ImapConnection other = login("shapes")) {
            // LOGIN OK carries the capabilities of the logged-in session
            List<String> loginOk = imap.expectOk("LOGIN shapes@example.com " + PASSWORD);
            assertThat(loginOk).hasSize(1);
            assertThat(loginOk.get(0)).matches(imap.lastTag() + " OK \\[CAPABILITY [^\\]]*\\bCONDSTORE\\b[^\\]]*\\] LOGIN completed\\.");
            assertThat(loginOk.get(0).substring(0, loginOk.get(0).indexOf(']') + 1))
                .isEqualTo(imap.lastTag() + " OK [" + imap.expectOk("CAPABILITY").get(0).substring(2) + "]");
            assertThat(other.command("LOGIN x y").get(0)).startsWith(other.lastTag() + " NO ");

            imap.expectOk("CREATE Default/tel:+33611111111/c1");
            imap.commandWithLiteral("APPEND Default/tel:+33611111111 (\\Seen \\Answered)", message("", "one"));
            // an extended LIST without RETURN (CHILDREN) has no child info; with it, or a basic LIST, it has
            assertThat(imap.expectOk("LIST \"\" Default/tel:+33611111111 RETURN (STATUS (MESSAGES))").get(0))
                .isEqualTo("* LIST () \"/\" Default/tel:+33611111111");
            assertThat(imap.expectOk("LIST \"\" Default/tel:+33611111111 RETURN (CHILDREN)").get(0))
                .isEqualTo("* LIST (\\HasChildren) \"/\" Default/tel:+33611111111");
            assertThat(imap.expectOk("LIST \"\" Default/tel:+33611111111").get(0))
                .isEqualTo("* LIST (\\HasChildren) \"/\" Default/tel:+33611111111");

            // SELECT: Dovecot's order, system flags in RFC 3501 order
            List<String> select = imap.expectOk("SELECT Default/tel:+33611111111 (CONDSTORE)");
            assertThat(select).hasSize(9);
            assertThat(select.get(0)).isEqualTo("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)");
            assertThat(select.get(1)).isEqualTo("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Limited");
            assertThat(select.subList(2, 4)).containsExactly("* 1 EXISTS", "* 1 RECENT");
            assertThat(select.get(4)).matches("\\* OK \\[UIDVALIDITY \\d+\\] UIDs valid");
            assertThat(select.get(5)).isEqualTo("* OK [UIDNEXT 2] Predicted next UID");
            assertThat(select.get(6)).matches("\\* OK \\[HIGHESTMODSEQ \\d+\\] Highest");
            assertThat(select.get(7)).matches("\\* OK \\[MAILBOXID \\(\\d+\\)\\] Ok");
            assertThat(select.get(8)).isEqualTo(imap.lastTag() + " OK [READ-WRITE] SELECT completed.");
            assertThat(imap.expectOk("UID FETCH 1 (UID FLAGS)").get(0)).isEqualTo("* 1 FETCH (UID 1 FLAGS (\\Answered \\Seen \\Recent))");

            // a STORE answer and another session's change: UID (for UID STORE) MODSEQ FLAGS
            assertThat(imap.expectOk("UID STORE 1 +FLAGS (\\Flagged)").get(0))
                .matches("\\* 1 FETCH \\(UID 1 MODSEQ \\(\\d+\\) FLAGS \\(\\\\Answered \\\\Flagged \\\\Seen \\\\Recent\\)\\)");
            assertThat(imap.expectOk("STORE 1 -FLAGS (\\Answered)").get(0))
                .matches("\\* 1 FETCH \\(MODSEQ \\(\\d+\\) FLAGS \\(\\\\Flagged \\\\Seen \\\\Recent\\)\\)");
            other.expectOk("SELECT Default/tel:+33611111111");
            other.expectOk("UID STORE 1 -FLAGS.SILENT (\\Seen)");
            List<String> fetch = imap.expectOk("UID FETCH 1 (UID FLAGS)");
            assertThat(fetch.get(0)).isEqualTo("* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))");
            assertThat(fetch.get(1)).matches("\\* 1 FETCH \\(MODSEQ \\(\\d+\\) FLAGS \\(\\\\Flagged \\\\Recent\\)\\)");
        }
    }
}
