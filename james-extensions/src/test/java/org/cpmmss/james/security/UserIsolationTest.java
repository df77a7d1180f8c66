package org.cpmmss.james.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.security.SecurityFixtures.chat;
import static org.cpmmss.james.security.SecurityFixtures.quote;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two users with conversation folders on one live server: user A tries every IMAP command that names a
 * folder against B's folders, under every name form (#user namespace with '/' and '.', B's exact paths).
 * Every attempt is refused (NO/BAD, or an empty LIST) and B's store is byte-for-byte unchanged.
 */
class UserIsolationTest {
    static final String DOMAIN = "example.com";
    static final String ALICE = "+33611111111@" + DOMAIN;
    static final String BOB = "+33622222222@" + DOMAIN;
    static final String BOB_FOLDER = "Default/tel:+33633333333";
    static final String SECRET = "bob-secret-text";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .domain(DOMAIN).user(ALICE, "pw-a").user(BOB, "pw-b")
        .build();

    @BeforeAll
    static void deliver() throws Exception {
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            assertThat(lmtp.send("pf@pf.test", List.of(BOB),
                chat("tel:+33633333333", "tel:+33622222222", "conv-b", "contrib-b", "imdn-b1", SECRET)))
                .allMatch(r -> r.startsWith("250"));
        }
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            assertThat(lmtp.send("pf@pf.test", List.of(ALICE),
                chat("tel:+33644444444", "tel:+33611111111", "conv-a", "contrib-a", "imdn-a1", "alice text")))
                .allMatch(r -> r.startsWith("250"));
        }
    }

    /** Names under which B's folders could be reached from A's session. */
    static List<String> bobNames() {
        List<String> names = new ArrayList<>();
        for (String folder : List.of(BOB_FOLDER, "Default", "INBOX")) {
            names.add("#user/" + BOB + "/" + folder);
            names.add("#user." + BOB + "." + folder.replace('/', '.'));
            names.add("#user." + BOB + "/" + folder);
            names.add("#user/" + BOB.replace("@" + DOMAIN, "") + "/" + folder);
            names.add("#Shared/" + BOB + "/" + folder);
        }
        names.add("#user/" + BOB);
        names.add("#user." + BOB);
        names.add("../" + BOB + "/" + BOB_FOLDER);
        names.add("/" + BOB + "/" + BOB_FOLDER);
        return names;
    }

    /** Sends one command; a dropped connection fails the test naming the command. */
    static List<String> run(ImapConnection a, String cmd) {
        try {
            return a.command(cmd);
        } catch (java.io.IOException e) {
            throw new AssertionError("the server dropped the connection on: " + cmd, e);
        }
    }

    static void assertRefused(List<String> lines, String command) {
        String last = lines.get(lines.size() - 1);
        assertThat(last).as(command + " -> " + lines).matches("^a\\d+ (NO|BAD)( .*)?");
        assertNoLeak(lines, command);
    }

    static void assertNoLeak(List<String> lines, String command) {
        String all = String.join("\n", lines);
        assertThat(all).as(command + " leaked B's data: " + lines)
            .doesNotContain(SECRET).doesNotContain("+33622222222").doesNotContain("33633333333");
    }

    @Test
    void aCannotSeeListOrTouchBsFolders() throws Exception {
        String before = SecurityFixtures.snapshot(server.imapPort(), BOB, "pw-b");
        assertThat(SecurityFixtures.messageCount(server.imapPort(), BOB, "pw-b")).isEqualTo(1);

        try (ImapConnection a = ImapConnection.login(server.imapPort(), ALICE, "pw-a")) {
            // listing: every reference/pattern combination gives A's own folders only
            for (String cmd : List.of("LIST \"\" \"*\"", "LIST \"\" \"%\"", "LIST \"\" \"%/%\"", "LIST \"#user\" \"*\"",
                "LIST \"#user/\" \"*\"", "LIST \"#user.\" \"*\"", "LIST \"\" \"#user*\"", "LIST \"\" \"#user/*\"",
                "LIST \"\" \"#user.*\"", "LIST \"\" \"#*\"", "LIST \"#Shared\" \"*\"", "LIST \"\" \"*" + BOB + "*\"",
                "LIST \"\" \"#user/" + BOB + "/*\"", "LIST \"#user/" + BOB + "\" \"*\"", "LIST \"../\" \"*\"",
                "LIST (SUBSCRIBED) \"\" \"*\"", "LIST \"\" \"*\" RETURN (STATUS (MESSAGES))",
                "LSUB \"\" \"*\"", "LSUB \"#user\" \"*\"", "LSUB \"\" \"#user/*\"", "NAMESPACE")) {
                List<String> lines = run(a, cmd);
                assertThat(lines.get(lines.size() - 1)).as(cmd).matches("^a\\d+ (OK|NO|BAD).*");
                assertNoLeak(lines, cmd);
            }

            List<String> candidates = new ArrayList<>(bobNames());
            candidates.add(BOB_FOLDER); // B's exact path: resolves in A's own namespace, where it does not exist
            for (String name : candidates) {
                String q = quote(name);
                for (String cmd : List.of("SELECT " + q, "EXAMINE " + q, "STATUS " + q + " (MESSAGES UIDNEXT UNSEEN)",
                    "GETACL " + q, "MYRIGHTS " + q, "LISTRIGHTS " + q + " " + quote(ALICE),
                    "SETACL " + q + " " + quote(ALICE) + " lrswipkxtea", "DELETEACL " + q + " " + quote(BOB),
                    "GETMETADATA " + q + " (/private/comment /shared/comment)",
                    "SETMETADATA " + q + " (/private/comment \"x\")",
                    "GETQUOTAROOT " + q,
                    "RENAME " + q + " \"stolen\"", "DELETE " + q, "CREATE " + quote(name + "/evil"))) {
                    if (name.startsWith("#")) {
                        assertRefused(run(a, cmd), cmd);
                    } else {
                        // a relative name ("../b/...", "/b/...", B's exact path) is a name in A's own namespace:
                        // A may create and manage it there; it never reaches B (checked by the snapshot below)
                        assertNoLeak(run(a, cmd), cmd);
                    }
                }
                // after a refused SELECT the session has no selected folder: SEARCH/FETCH cannot reach B's data
                if (!name.startsWith("#")) {
                    continue;
                }
                assertRefused(run(a, "SELECT " + q), "SELECT " + q);
                for (String cmd : List.of("SEARCH ALL", "UID SEARCH TEXT " + SECRET, "FETCH 1:* (BODY.PEEK[])",
                    "UID FETCH 1:* (BODY.PEEK[])", "STORE 1:* +FLAGS (\\Deleted)", "EXPUNGE")) {
                    assertRefused(run(a, cmd), cmd);
                }
                // APPEND into B's folder
                byte[] message = ("From: a@x\r\nSubject: planted\r\n\r\nplanted\r\n").getBytes(StandardCharsets.UTF_8);
                List<String> append = a.commandWithLiteral("APPEND " + q, message);
                assertRefused(append, "APPEND " + q);
                // COPY / MOVE from A's own folder into B's
                a.expectOk("SELECT INBOX");
                assertThat(run(a, "COPY 1:* " + q)).last().asString().matches("^a\\d+ (NO|BAD).*");
                a.expectOk("UNSELECT");
            }

            // A's own conversation folder: COPY/MOVE of a real message into B's names is refused
            a.expectOk("SELECT " + quote("Default/tel:+33644444444"));
            for (String name : bobNames().stream().filter(n -> n.startsWith("#")).toList()) {
                assertRefused(run(a, "COPY 1 " + quote(name)), "COPY 1 " + name);
                assertRefused(run(a, "MOVE 1 " + quote(name)), "MOVE 1 " + name);
            }
            a.expectOk("UNSELECT");
            // SEARCH within A's own folders does not find B's text
            a.expectOk("SELECT " + quote("Default/tel:+33644444444"));
            assertThat(a.expectOk("SEARCH TEXT " + SECRET)).contains("* SEARCH");
            a.expectOk("UNSELECT");
            // a subscription to B's folder name does not make it readable
            run(a, "SUBSCRIBE " + quote("#user/" + BOB + "/" + BOB_FOLDER));
            assertNoLeak(run(a, "LSUB \"\" \"*\"").stream().filter(l -> !l.contains("#user/")).toList(), "LSUB");
            assertRefused(run(a, "STATUS " + quote("#user/" + BOB + "/" + BOB_FOLDER) + " (MESSAGES)"), "STATUS");
            assertRefused(run(a, "SELECT " + quote("#user/" + BOB + "/" + BOB_FOLDER)), "SELECT");

            // what A created under B-looking names lives in A's namespace: A reads it back empty, without B's text
            a.expectOk("EXAMINE " + quote("../" + BOB + "/" + BOB_FOLDER));
            assertNoLeak(run(a, "UID FETCH 1:* (BODY.PEEK[])"), "FETCH in A's own look-alike");
        }

        assertThat(SecurityFixtures.snapshot(server.imapPort(), BOB, "pw-b")).isEqualTo(before);
        assertThat(SecurityFixtures.messageCount(server.imapPort(), BOB, "pw-b")).isEqualTo(1);
        try (ImapConnection b = ImapConnection.login(server.imapPort(), BOB, "pw-b")) {
            assertThat(String.join("\n", b.expectOk("GETACL " + quote(BOB_FOLDER))))
                .as("B's ACL names nobody but B").doesNotContain("33611111111");
        }
    }

    @Test
    void aCannotGrantItselfOrOthersRightsOnBsFoldersEvenAfterListingThem() throws Exception {
        String before = SecurityFixtures.snapshot(server.imapPort(), BOB, "pw-b");
        try (ImapConnection a = ImapConnection.login(server.imapPort(), ALICE, "pw-a")) {
            for (String name : bobNames()) {
                for (String rights : List.of("a", "l", "r", "+lr", "lrswipkxtecda")) {
                    String cmd = "SETACL " + quote(name) + " " + quote(ALICE) + " " + rights;
                    if (name.startsWith("#")) {
                        assertRefused(run(a, cmd), cmd);
                    } else {
                        assertNoLeak(run(a, cmd), cmd);
                    }
                }
            }
            assertRefused(run(a, "SELECT " + quote("#user/" + BOB + "/" + BOB_FOLDER)), "SELECT after SETACL");
        }
        assertThat(SecurityFixtures.snapshot(server.imapPort(), BOB, "pw-b")).isEqualTo(before);
    }

    @Test
    void aFolderSharedByItsOwnerWithSetaclIsStillNotReachableByTheOtherUser() throws Exception {
        // A (the owner) tries to grant B, "anyone" and "authenticated" rights on one of A's folders: refused
        // (OwnerOnlyRightManager: folders are never shared), the ACL is unchanged; and even if such a grant
        // existed, B could name that folder only through another user's namespace, never resolved here.
        String aliceFolder = "Default/tel:+33644444444";
        try (ImapConnection a = ImapConnection.login(server.imapPort(), ALICE, "pw-a")) {
            for (String grantee : List.of(BOB, "anyone", "authenticated")) {
                List<String> grant = run(a, "SETACL " + quote(aliceFolder) + " " + quote(grantee) + " lrswipkxtea");
                assertThat(grant.get(grant.size() - 1)).as("SETACL for " + grantee).matches("^a\\d+ NO.*");
            }
            List<String> acl = run(a, "GETACL " + quote(aliceFolder));
            assertThat(String.join("\n", acl)).doesNotContain(BOB + " ").doesNotContain("anyone").doesNotContain("authenticated");
            // the owner may still manage its own entry
            List<String> own = run(a, "SETACL " + quote(aliceFolder) + " " + quote(ALICE) + " lrswipkxtea");
            assertThat(own.get(own.size() - 1)).as("SETACL for the owner").matches("^a\\d+ OK.*");
        }
        try (ImapConnection b = ImapConnection.login(server.imapPort(), BOB, "pw-b")) {
            List<String> names = new ArrayList<>(SecurityFixtures.folders(b));
            names.add("#user/" + ALICE + "/" + aliceFolder);
            names.add("#user." + ALICE + "." + aliceFolder);
            for (String name : names) {
                for (String cmd : List.of("EXAMINE " + quote(name), "STATUS " + quote(name) + " (MESSAGES)")) {
                    List<String> lines = run(b, cmd);
                    assertThat(String.join("\n", lines)).as(cmd).doesNotContain("alice text");
                }
                List<String> lines = run(b, "EXAMINE " + quote(name));
                if (lines.get(lines.size() - 1).matches("^a\\d+ OK.*") && !lines.contains("* 0 EXISTS")) {
                    assertThat(String.join("\n", run(b, "UID FETCH 1:* (BODY.PEEK[])"))).as("FETCH in " + name)
                        .doesNotContain("alice text").doesNotContain("33644444444");
                }
            }
        } finally {
            try (ImapConnection a = ImapConnection.login(server.imapPort(), ALICE, "pw-a")) {
                run(a, "DELETEACL " + quote(aliceFolder) + " " + quote(BOB));
            }
        }
    }
}
