package org.cpmmss.james.store.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Singleton;

import org.awaitility.Awaitility;
import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.cpmmss.james.plumbing.Syncable;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * Eight IMAP clients of one account APPEND into one folder while the store's first force is held: every append
 * commits meanwhile (none waits for another's force: no folder or account lock serialises them), they are
 * acknowledged only after the force is released, share forces, and a client that has the folder selected hears of
 * every new message, numbered in UID order.
 */
class ConcurrentAppendsShareCommitTest {
    private static final String USER = "alice@example.com";
    private static final String PASSWORD = "secret";
    private static final int CLIENTS = 8;
    private static final Path WORK = tempDir();
    private static final AtomicBoolean HOLD_NEXT = new AtomicBoolean();
    private static final AtomicInteger SEGMENT_FORCES = new AtomicInteger();
    private static final CountDownLatch HELD = new CountDownLatch(1);
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static volatile EmbeddedStorage storage;
    private static CpmMssTestServer server;

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("concurrent-appends");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void boot() throws Exception {
        server = CpmMssTestServer.withFreshData(WORK);
        server.withOverride(new AbstractModule() {
            @Provides
            @Singleton
            EmbeddedStorage probedStorage(EmbeddedStorage.Settings settings, OpenStateDatabases open, Clock clock) {
                UnaryOperator<Syncable> probe = target -> () -> {
                    if (target.getClass().getSimpleName().equals("SegmentLog")) {
                        SEGMENT_FORCES.incrementAndGet();
                        if (HOLD_NEXT.compareAndSet(true, false)) {
                            HELD.countDown();
                            awaitRelease();
                        }
                    }
                    target.sync();
                };
                storage = EmbeddedStorage.open(settings, clock, probe);
                return open.register(storage);
            }
        }).start();
        server.webAdmin().addDomain("example.com");
        server.webAdmin().addUser(USER, PASSWORD);
    }

    private static void awaitRelease() {
        try {
            RELEASE.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterAll
    static void shutdown() throws Exception {
        RELEASE.countDown();
        server.close();
    }

    private static byte[] message(int i) {
        return ("From: tel:+15550001@example.com\r\nSubject: burst " + i + "\r\nMessage-ID: <burst-" + i
            + "@example.com>\r\n\r\nhello " + i + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void appendsIntoOneFolderCommitSideBySideShareForcesAndAreAnnouncedInUidOrder() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (ImapConnection watcher = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
            watcher.expectOk("CREATE Burst");
            watcher.expectOk("SELECT Burst");
            List<ImapConnection> connections = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                connections.add(ImapConnection.login(server.imapPort(), USER, PASSWORD));
            }
            long ticketsBefore = storage.groupCommit().lastTicket();
            int forcesBefore = SEGMENT_FORCES.get();
            HOLD_NEXT.set(true);
            List<Future<List<String>>> answers = new ArrayList<>();
            answers.add(clients.submit(() -> connections.get(0).commandWithLiteral("APPEND Burst ()", message(0))));
            assertThat(HELD.await(30, TimeUnit.SECONDS)).as("the first append reached its force").isTrue();
            for (int i = 1; i < CLIENTS; i++) {
                int n = i;
                answers.add(clients.submit(() -> connections.get(n).commandWithLiteral("APPEND Burst ()", message(n))));
            }
            // every append commits while the first force is held: none waits for another append to be forced
            Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> storage.groupCommit().lastTicket() - ticketsBefore >= CLIENTS);
            assertThat(answers).as("nothing acknowledged before its force").noneMatch(Future::isDone);
            RELEASE.countDown();
            List<Long> uids = new ArrayList<>();
            for (Future<List<String>> answer : answers) {
                String tagged = ImapConnection.last(answer.get(30, TimeUnit.SECONDS));
                Matcher uid = Pattern.compile("APPENDUID \\d+ (\\d+)").matcher(tagged);
                assertThat(uid.find()).as(tagged).isTrue();
                uids.add(Long.parseLong(uid.group(1)));
            }
            assertThat(uids).doesNotHaveDuplicates().hasSize(CLIENTS);
            assertThat(SEGMENT_FORCES.get() - forcesBefore).as("segment forces for %d appends", CLIENTS)
                .isLessThan(CLIENTS);

            String exists = watcher.expectOk("NOOP").stream().filter(l -> l.endsWith(" EXISTS")).reduce((a, b) -> b)
                .orElse("");
            assertThat(exists).isEqualTo("* " + CLIENTS + " EXISTS");
            List<Long> numbered = new ArrayList<>();
            Pattern fetch = Pattern.compile("^\\* (\\d+) FETCH \\(UID (\\d+)\\)");
            for (String line : watcher.expectOk("FETCH 1:* (UID)")) {
                Matcher m = fetch.matcher(line);
                if (m.find()) {
                    assertThat(Long.parseLong(m.group(1))).isEqualTo(numbered.size() + 1L);
                    numbered.add(Long.parseLong(m.group(2)));
                }
            }
            assertThat(numbered).as("the watcher's numbering").isSorted().containsExactlyInAnyOrderElementsOf(uids);
            for (ImapConnection c : connections) {
                c.close();
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
