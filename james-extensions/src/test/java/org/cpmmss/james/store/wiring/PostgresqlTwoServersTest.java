package org.cpmmss.james.store.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.cpmmss.james.testing.PostgresTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two cpm-mss server processes (forked, own ports and data directories) on one PostgreSQL database
 * ({@code storage.backend=postgresql}, local events): what one stores, the other serves; IMAP APPENDs into one folder
 * through both at once get distinct UIDs and none is lost; an LMTP delivery through one is read through the other.
 * (Users are still node-local in this build: each node gets the user through its own WebAdmin.)
 */
class PostgresqlTwoServersTest {
    private static final String USER = "dora@example.com";
    private static final String PASSWORD = "pw";
    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID \\d+ (\\d+)]");
    private static final int APPENDS_PER_NODE = 20;

    @TempDir
    Path work;

    @Test
    void twoNodesServeOneMailboxAndAllocateDistinctUids() throws Exception {
        String url = PostgresTestServer.shared().newDatabase("two_servers");
        try (CpmMssTestServer nodeA = node("a", url); CpmMssTestServer nodeB = node("b", url)) {
            nodeA.startForked();
            nodeB.startForked();
            // users and domains live in the shared database too: created once, through node A
            nodeA.webAdmin().addDomain("example.com");
            nodeA.webAdmin().addUser(USER, PASSWORD);
            try (ImapConnection imap = ImapConnection.login(nodeA.imapPort(), USER, PASSWORD)) {
                imap.expectOk("CREATE Chats");
            }

            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> appenders = new ArrayList<>();
            for (CpmMssTestServer node : List.of(nodeA, nodeB)) {
                String name = node == nodeA ? "a" : "b";
                Callable<List<Long>> appends = () -> {
                    List<Long> uids = new ArrayList<>();
                    try (ImapConnection imap = ImapConnection.login(node.imapPort(), USER, PASSWORD)) {
                        start.await();
                        for (int i = 0; i < APPENDS_PER_NODE; i++) {
                            List<String> answer = imap.commandWithLiteral("APPEND Chats", object(name + i));
                            Matcher uid = APPENDUID.matcher(ImapConnection.last(answer));
                            assertThat(uid.find()).as("APPENDUID in %s", answer).isTrue();
                            uids.add(Long.parseLong(uid.group(1)));
                        }
                    }
                    return uids;
                };
                appenders.add(pool.submit(appends));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> appender : appenders) {
                List<Long> uids = appender.get(5, TimeUnit.MINUTES);
                assertThat(uids).isSorted().doesNotHaveDuplicates();
                all.addAll(uids);
            }
            pool.shutdown();
            assertThat(all).doesNotHaveDuplicates().hasSize(2 * APPENDS_PER_NODE);

            for (CpmMssTestServer node : List.of(nodeA, nodeB)) {
                try (ImapConnection imap = ImapConnection.login(node.imapPort(), USER, PASSWORD)) {
                    assertThat(String.join("\n", imap.expectOk("STATUS Chats (MESSAGES UIDNEXT)")))
                        .contains("MESSAGES " + 2 * APPENDS_PER_NODE)
                        .contains("UIDNEXT " + (all.stream().mapToLong(Long::longValue).max().orElseThrow() + 1));
                    imap.expectOk("EXAMINE Chats");
                    String bodies = String.join("\n", imap.expectOk("UID FETCH 1:* (BODY.PEEK[TEXT])"));
                    for (int i = 0; i < APPENDS_PER_NODE; i++) {
                        assertThat(bodies).contains("hello a" + i + "\r").contains("hello b" + i + "\r");
                    }
                }
            }

            try (MailDoorClient lmtp = MailDoorClient.lmtp(nodeB.lmtpPort())) {
                assertThat(lmtp.send("pf@pf.test", List.of(USER), object("l1")))
                    .allSatisfy(reply -> assertThat(reply).startsWith("250"));
            }
            try (ImapConnection imap = ImapConnection.login(nodeA.imapPort(), USER, PASSWORD)) {
                imap.expectOk("SELECT INBOX");
                assertThat(String.join("\n", imap.expectOk("FETCH 1 (BODY.PEEK[TEXT])"))).contains("hello l1");
            }
            assertThat(nodeA.dataDirectory().resolve("mailstore")).doesNotExist();
            assertThat(nodeB.dataDirectory().resolve("mailstore")).doesNotExist();
        }
    }

    private CpmMssTestServer node(String name, String url) throws Exception {
        CpmMssTestServer node = CpmMssTestServer.withFreshData(work.resolve(name));
        Files.writeString(node.confDirectory().resolve(StorageSelection.FILE), String.join("\n",
            "storage.backend=postgresql",
            "storage.postgresql.url=" + url,
            "storage.postgresql.user=" + PostgresTestServer.APP_USER,
            "storage.postgresql.password=" + PostgresTestServer.APP_PASSWORD,
            "storage.postgresql.pool-size=4", ""));
        return node;
    }

    private static byte[] object(String id) {
        return ("From: tel:+33612345678\r\nTo: tel:+33687654321\r\nSubject: object " + id + "\r\nMessage-ID: <" + id
            + "@pf.test>\r\nContent-Type: text/plain\r\n\r\nhello " + id + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
