package org.cpmmss.james.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.cpmmss.james.ops.admin.AdminCli;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.ImapFolderState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/cpm-mss admin backup DIR} on the booted server on the native store, while four IMAP clients APPEND:
 * the backup, restored into a new data directory and booted, holds every message acknowledged before the backup
 * started, with the same UIDVALIDITY, UIDs, flags and MODSEQs, and the users; the restored server goes on with
 * higher UIDs.
 */
class DataDirectoryBackupTest {
    private static final String DOMAIN = "example.com";
    private static final String PASSWORD = "secret";
    private static final List<String> USERS = List.of("alice@" + DOMAIN, "bob@" + DOMAIN);
    private static final List<String> FOLDERS = List.of("INBOX", "Chats");
    private static final Pattern APPENDUID = Pattern.compile("APPENDUID (\\d+) (\\d+)");

    @TempDir
    Path work;

    /** One acknowledged APPEND: where, which UID, and when its tagged OK arrived. */
    record Ack(String user, String folder, long uid, long nanos) {
    }

    private static CpmMssTestServer nativeServer(Path directory) {
        return CpmMssTestServer.withFreshData(directory).withMailbox("native");
    }

    private static byte[] object(String id) {
        return ("From: tel:+33612345678\r\nTo: tel:+33687654321\r\nSubject: " + id + "\r\nMessage-ID: <" + id
            + "@pf.test>\r\nContent-Type: text/plain\r\n\r\nhello " + id + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBackupTakenDuringAppendsRestoresEveryMessageAcknowledgedBeforeIt() throws Exception {
        CpmMssTestServer original = nativeServer(work.resolve("original")).start();
        Path backup = work.resolve("backup");
        Map<String, ImapFolderState> before = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        long backupStarted;
        String cliOutput;
        try {
            original.webAdmin().addDomain(DOMAIN);
            for (String user : USERS) {
                original.webAdmin().addUser(user, PASSWORD);
                seed(original, user);
            }

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger appended = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String user = USERS.get(w % 2);
                String folder = FOLDERS.get(w / 2);
                int writer = w;
                running.add(writers.submit(() -> {
                    try (ImapConnection imap = ImapConnection.login(original.imapPort(), user, PASSWORD)) {
                        for (int i = 0; !stop.get(); i++) {
                            List<String> lines = imap.commandWithLiteral("APPEND \"" + folder + "\" ($cpm-w" + writer + ")",
                                object("w" + writer + "-" + i));
                            long now = System.nanoTime();
                            Matcher uid = APPENDUID.matcher(ImapConnection.last(lines));
                            assertThat(uid.find()).as("APPENDUID in %s", lines).isTrue();
                            acks.add(new Ack(user, folder, Long.parseLong(uid.group(2)), now));
                            appended.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            while (appended.get() < 40) {
                Thread.sleep(20);
            }

            backupStarted = System.nanoTime();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = AdminCli.run(new String[] {"--url", "http://127.0.0.1:" + original.httpPort(), "backup", backup.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]));
            cliOutput = out.toString(StandardCharsets.UTF_8);
            assertThat(code).as("backup: %s %s", cliOutput, err).isZero();
            int atBackupEnd = appended.get();
            while (appended.get() < atBackupEnd + 20) {
                Thread.sleep(20);
            }
            stop.set(true);
            for (Future<?> writer : running) {
                writer.get(1, TimeUnit.MINUTES);
            }
            writers.shutdown();

            for (String user : USERS) {
                try (ImapConnection imap = ImapConnection.login(original.imapPort(), user, PASSWORD)) {
                    for (String folder : FOLDERS) {
                        before.put(user + "/" + folder, ImapFolderState.read(imap, folder));
                    }
                }
            }
        } finally {
            stop(original);
        }

        assertThat(cliOutput).contains("mailstore/").contains("h2/james.mv.db").contains("h2/cpm.mv.db")
            .contains("backup in " + backup);
        assertThat(backup.resolve("mailstore/meta.mv.db")).exists();
        assertThat(backup.resolve("BACKUP.txt")).exists();
        long acknowledgedBefore = acks.stream().filter(a -> a.nanos() < backupStarted).count();
        assertThat(acknowledgedBefore).isGreaterThanOrEqualTo(40);
        assertThat(acks.stream().filter(a -> a.nanos() > backupStarted).count()).isGreaterThanOrEqualTo(20);

        CpmMssTestServer restored = nativeServer(work.resolve("restored"));
        copyTree(backup, restored.dataDirectory());
        restored.start();
        try {
            for (String user : USERS) {
                try (ImapConnection imap = ImapConnection.login(restored.imapPort(), user, PASSWORD)) {
                    for (String folder : FOLDERS) {
                        ImapFolderState seen = before.get(user + "/" + folder);
                        ImapFolderState after = ImapFolderState.read(imap, folder);
                        assertThat(after.uidValidity()).isEqualTo(seen.uidValidity());
                        // every seeded message (expunged gaps included) and every APPEND acknowledged before the backup
                        long seededUpTo = 30;
                        for (Map.Entry<Long, String> message : seen.messages().entrySet()) {
                            long uid = message.getKey();
                            boolean acknowledgedBeforeBackup = uid <= seededUpTo || acks.stream().anyMatch(a ->
                                a.user().equals(user) && a.folder().equals(folder) && a.uid() == uid && a.nanos() < backupStarted);
                            if (acknowledgedBeforeBackup) {
                                assertThat(after.messages().get(uid)).as("%s %s UID %d", user, folder, uid)
                                    .isEqualTo(message.getValue());
                            }
                        }
                        // nothing that was not in the original
                        assertThat(seen.messages().keySet()).containsAll(after.messages().keySet());
                    }
                    // the restored server goes on above every UID it has
                    List<String> lines = imap.commandWithLiteral("APPEND INBOX", object("after-restore"));
                    Matcher uid = APPENDUID.matcher(ImapConnection.last(lines));
                    assertThat(uid.find()).isTrue();
                    assertThat(Long.parseLong(uid.group(2))).isGreaterThan(
                        ImapFolderState.read(imap, "INBOX").messages().keySet().stream()
                            .filter(u -> u != Long.parseLong(uid.group(2))).mapToLong(Long::longValue).max().orElse(0));
                }
            }
        } finally {
            stop(restored);
        }
    }

    /** Stops the server and closes its databases, as the run command does. */
    private static void stop(CpmMssTestServer server) {
        if (server.guice() != null) {
            OpenStateDatabases databases = server.guice().getProbe(OpenStateDatabases.class);
            server.stop();
            databases.closeAll();
        }
    }

    /** 30 messages in each folder, flags and keywords set on some (MODSEQs move), a few expunged (UID gaps). */
    private static void seed(CpmMssTestServer server, String user) throws IOException {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), user, PASSWORD)) {
            imap.command("CREATE INBOX");
            imap.expectOk("CREATE Chats");
            for (String folder : FOLDERS) {
                for (int i = 1; i <= 30; i++) {
                    imap.commandWithLiteral("APPEND \"" + folder + "\"" + (i % 3 == 0 ? " (\\Seen)" : ""), object(user + folder + i));
                }
                imap.expectOk("SELECT \"" + folder + "\" (CONDSTORE)");
                imap.expectOk("UID STORE 1:10 +FLAGS ($cpm-delivered \\Flagged)");
                imap.expectOk("UID STORE 5:7 +FLAGS (\\Deleted)");
                imap.expectOk("EXPUNGE");
                imap.expectOk("UID STORE 20 +FLAGS ($cpm-displayed)");
                imap.expectOk("UNSELECT");
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    try {
                        Files.copy(source, target);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
    }
}
