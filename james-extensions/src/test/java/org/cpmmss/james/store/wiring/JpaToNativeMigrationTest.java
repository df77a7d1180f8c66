package org.cpmmss.james.store.wiring;

import org.cpmmss.james.server.MigrateStore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.PropertiesProvider;
import org.cpmmss.james.server.modules.H2DatabaseModule;
import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.cpmmss.james.server.CpmMssConfiguration;
import org.cpmmss.james.server.CpmMssServer;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.ImapFolderState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade path: a server on the JPA mailbox with data (three users, several folders, flags and keywords,
 * METADATA entries, subscriptions, expunged gaps in UIDs and an expunged last message), stopped, moved with
 * {@code cpm-mss migrate-store}, booted on the native store: what a device sees over IMAP is the same as on the JPA
 * store after a restart (whose UIDNEXT and HIGHESTMODSEQ are the tops of the JPA store's reserved blocks; before the
 * restart they were lower, and the native store's are never below those) —
 * UIDVALIDITY, {@code UID FETCH 1:* (UID FLAGS MODSEQ)}, STATUS (MESSAGES UIDNEXT HIGHESTMODSEQ UNSEEN), GETMETADATA,
 * LSUB, the bytes — and the next APPEND gets the UID that UIDNEXT announced.
 */
class JpaToNativeMigrationTest {
    private static final String DOMAIN = "example.com";
    private static final String PASSWORD = "secret";
    private static final List<String> USERS = List.of("alice@" + DOMAIN, "bob@" + DOMAIN, "carol@" + DOMAIN);
    private static final List<String> FOLDERS = List.of("INBOX", "Chats", "Archive");

    @TempDir
    Path work;

    private static byte[] object(String id) {
        return ("From: tel:+33612345678\r\nTo: tel:+33687654321\r\nSubject: " + id + "\r\nMessage-ID: <" + id
            + "@pf.test>\r\nContent-Type: text/plain\r\n\r\nhello " + id + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aJpaDataDirectoryMovedToTheNativeStoreLooksTheSameOverImap() throws Exception {
        CpmMssTestServer server = CpmMssTestServer.withFreshData(work.resolve("jpa")).withMailbox("jpa").start();
        Map<String, String> live;
        try {
            server.webAdmin().addDomain(DOMAIN);
            for (int u = 0; u < USERS.size(); u++) {
                server.webAdmin().addUser(USERS.get(u), PASSWORD);
                fill(server, USERS.get(u), u);
            }
            live = view(server);
        } finally {
            stop(server);
        }
        // What a device sees of the JPA data directory after a stop: the JPA mailbox hands UIDs and MODSEQs out from
        // reserved blocks, so after a restart UIDNEXT and HIGHESTMODSEQ are the reserved tops (never lower than before)
        server = moved(server, "jpa-restarted", false).start();
        Map<String, String> before;
        try {
            before = view(server);
        } finally {
            stop(server);
        }
        assertThat(Files.exists(server.dataDirectory().resolve("mailstore"))).isFalse();
        assertThat(before.get("bob@example.com Chats METADATA /shared/comment")).contains("\"shared 1\"");
        assertThat(before.get("carol@example.com INBOX METADATA /private/vendor/cpm/recording")).contains("\"off\"");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MigrateStore.run(new String[] {"--conf", server.confDirectory().toString(), "--data",
            server.dataDirectory().toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as("%s %s", out, err).isZero();
        // 3 users x 3 folders x (12 + u) messages, 2 expunged per folder and the last of Archive; 3 METADATA entries each
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(" 96 message(s), 9 METADATA");

        server = moved(server, "native", true).start();
        try {
            Map<String, String> after = view(server);
            assertThat(after).containsExactlyEntriesOf(before);
            for (Map.Entry<String, String> entry : live.entrySet()) {
                if (entry.getKey().endsWith(" STATUS")) {
                    assertThat(number(after.get(entry.getKey()), "UIDNEXT")).isGreaterThanOrEqualTo(number(entry.getValue(), "UIDNEXT"));
                    assertThat(number(after.get(entry.getKey()), "HIGHESTMODSEQ"))
                        .isGreaterThanOrEqualTo(number(entry.getValue(), "HIGHESTMODSEQ"));
                } else {
                    assertThat(after.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
                }
            }
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), USERS.get(0), PASSWORD)) {
                String status = String.join("\n", imap.expectOk("STATUS Chats (UIDNEXT)"));
                String uidNext = status.replaceAll("(?s).*UIDNEXT (\\d+).*", "$1");
                List<String> appended = imap.commandWithLiteral("APPEND Chats", object("after-migration"));
                assertThat(ImapConnection.last(appended)).contains("APPENDUID").contains(" " + uidNext + "]");
            }
        } finally {
            stop(server);
        }
        // a second run refuses: the native store is no longer empty
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertThat(MigrateStore.run(new String[] {"--conf", server.confDirectory().toString(), "--data",
            server.dataDirectory().toString()}, new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(again, true, StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(again.toString(StandardCharsets.UTF_8)).contains("already holds folders");
    }

    /**
     * The data directory of a stopped server under a new server (new ports: the old ones may have been taken
     * meanwhile by another process), on the JPA or the native store.
     */
    private CpmMssTestServer moved(CpmMssTestServer from, String name, boolean nativeStore) throws IOException {
        CpmMssTestServer to = CpmMssTestServer.withFreshData(work.resolve(name));
        Files.delete(to.dataDirectory());
        Files.move(from.dataDirectory(), to.dataDirectory());
        return to.withMailbox(nativeStore ? "native" : "jpa");
    }

    private static long number(String status, String item) {
        return Long.parseLong(status.replaceAll("(?s).*" + item + " (\\d+).*", "$1"));
    }

    /** Messages with flags and keywords, expunged gaps (the last message of Archive too), METADATA, subscriptions. */
    private static void fill(CpmMssTestServer server, String user, int u) throws IOException {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), user, PASSWORD)) {
            for (String folder : FOLDERS) {
                imap.command("CREATE " + folder); // INBOX and Archive may exist already (the server's defaults)
            }
            for (String folder : FOLDERS) {
                for (int i = 1; i <= 12 + u; i++) {
                    String flags = i % 4 == 0 ? " (\\Seen $cpm-displayed)" : i % 5 == 0 ? " (\\Answered)" : "";
                    imap.commandWithLiteral("APPEND \"" + folder + "\"" + flags, object(user + "-" + folder + "-" + i));
                }
                imap.expectOk("SELECT \"" + folder + "\" (CONDSTORE)");
                imap.expectOk("UID STORE 2:4 +FLAGS ($cpm-delivered \\Flagged)");
                imap.expectOk("UID STORE 3,7 +FLAGS (\\Deleted)");
                imap.expectOk("EXPUNGE");
                imap.expectOk("UID STORE 6 -FLAGS (\\Seen)");
                imap.expectOk("UID STORE 8 +FLAGS (\\Seen \\Draft)");
                if (folder.equals("Archive")) {
                    imap.expectOk("UID STORE " + (12 + u) + " +FLAGS (\\Deleted)");
                    imap.expectOk("EXPUNGE");
                }
                imap.expectOk("UNSELECT");
            }
            imap.expectOk("SETMETADATA INBOX (/private/vendor/cpm/recording \"off\")");
            imap.expectOk("SETMETADATA Chats (/private/comment \"chats of " + user + "\" /shared/comment \"shared " + u + "\")");
            imap.expectOk("SUBSCRIBE Chats");
            imap.expectOk("SUBSCRIBE Archive");
        }
    }

    /** Everything a device sees, per user and folder, as comparable text. */
    private static Map<String, String> view(CpmMssTestServer server) throws IOException {
        Map<String, String> view = new LinkedHashMap<>();
        for (String user : USERS) {
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), user, PASSWORD)) {
                for (String folder : FOLDERS) {
                    String key = user + " " + folder;
                    view.put(key + " STATUS", untagged(imap.expectOk("STATUS \"" + folder
                        + "\" (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ UNSEEN)")));
                    ImapFolderState state = ImapFolderState.read(imap, folder);
                    view.put(key + " UIDVALIDITY", Long.toString(state.uidValidity()));
                    view.put(key + " FETCH", state.messages().toString());
                    view.put(key + " BODIES", untagged(imap.expectOk("UID FETCH 1:* (BODY.PEEK[] INTERNALDATE)")));
                    for (String entry : List.of("/private/comment", "/shared/comment", "/private/vendor/cpm/recording")) {
                        view.put(key + " METADATA " + entry, untagged(imap.expectOk("GETMETADATA \"" + folder + "\" " + entry)));
                    }
                }
                view.put(user + " LSUB", untagged(imap.expectOk("LSUB \"\" \"*\"")));
            }
        }
        return view;
    }

    private static String untagged(List<String> lines) {
        List<String> kept = new ArrayList<>(lines.subList(0, lines.size() - 1));
        return String.join("\n", kept);
    }

    /** Stops the server and closes its databases as the run command does (James's H2 file too: it is moved next). */
    private static void stop(CpmMssTestServer server) throws Exception {
        if (server.guice() != null) {
            OpenStateDatabases databases = server.guice().getProbe(OpenStateDatabases.class);
            server.stop();
            databases.closeAll();
            CpmMssConfiguration configuration = CpmMssServer.configuration(server.confDirectory().toFile(),
                server.dataDirectory().toFile());
            H2DatabaseModule.shutDown(new PropertiesProvider(new FileSystemImpl(configuration.directories()),
                configuration.configurationPath()));
        }
    }
}
