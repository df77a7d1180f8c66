package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.CpmObjectSamples;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23's multi-node acceptance on two forked server processes sharing one PostgreSQL and one RabbitMQ (loopback,
 * distinct ports; {@link TwoNodeCluster}, started once for the class): an LMTP delivery through node A wakes an IDLE
 * client on node B within 1 s, an APPEND through node A reaches a NOTIFY watcher on node B within 1 s; a user created
 * through node A logs in on node B; 100 IMAP APPENDs from each node at once into one folder get 200 distinct
 * increasing UIDs and none is lost; a SIGKILL of node A under four streaming PF connections, then a full resend
 * through node B, leaves every object exactly once and reuses no UID (this one runs last: node A stays dead). The
 * once-per-cluster work (expiry sweep, outbox, deferred queue, held sessions) is proven with two nodes' claims on one
 * PostgreSQL by {@code state.postgresql.ClusterClaimsTest}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeAcceptanceTest {
    private static final String PASSWORD = "pw";
    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID \\d+ (\\d+)]");
    private static final Pattern FETCH_UID = Pattern.compile("^\\* \\d+ FETCH \\(.*\\bUID (\\d+)", Pattern.DOTALL);
    private static final Pattern IMDN_MESSAGE_ID = Pattern.compile("IMDN-Message-ID: (\\S+)");
    private static final Pattern UIDNEXT = Pattern.compile("UIDNEXT (\\d+)");
    private static final Pattern LIST_DELIMITER = Pattern.compile("^\\* LIST \\([^)]*\\) \"(.)\"");
    private static final int APPENDS_PER_NODE = 100;
    private static final int PF_CONNECTIONS = 4;
    private static final int OBJECTS_PER_CONNECTION = 40;

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final AtomicInteger USERS = new AtomicInteger();

    @TempDir
    static Path work;
    private static TwoNodeCluster cluster;

    @BeforeAll
    static void twoNodes() throws Exception {
        cluster = TwoNodeCluster.start(work);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void anLmtpDeliveryOnNodeAWakesIdleOnNodeBWithinOneSecond() throws Exception {
        String user = newUser();
        try (ImapConnection idler = ImapConnection.login(cluster.nodeB.imapPort(), user, PASSWORD)) {
            assertThat(String.join("\n", idler.expectOk("SELECT INBOX"))).contains("* 0 EXISTS");
            String tag = idler.nextTag();
            idler.send(tag + " IDLE\r\n");
            assertThat(idler.readResponse()).startsWith("+");

            deliverThroughNodeA(user, "multi-idle-1");
            assertThat(idler.awaitLine(Pattern.compile("^\\* 1 EXISTS$"), ONE_SECOND))
                .as("EXISTS on node B within 1 s of node A's LMTP 250").isNotNull();

            idler.send("DONE\r\n");
            assertThat(idler.readUntilTagged(tag)).last().asString().startsWith(tag + " OK");
        }
    }

    @Test
    @Order(2)
    void anAppendOnNodeAReachesANotifyWatcherOnNodeBWithinOneSecond() throws Exception {
        String user = newUser();
        try (ImapConnection watcher = ImapConnection.login(cluster.nodeB.imapPort(), user, PASSWORD);
             ImapConnection writer = ImapConnection.login(cluster.nodeA.imapPort(), user, PASSWORD)) {
            watcher.expectOk("SELECT INBOX");
            watcher.expectOk("NOTIFY SET (mailboxes Other (MessageNew MessageExpunge))");

            assertThat(writer.commandWithLiteral("APPEND Other", appended("multi-notify-1"))).last().asString()
                .contains(" OK");
            String status = watcher.awaitLine(Pattern.compile("^\\* STATUS \"?Other\"? \\(.*\\bMESSAGES 1\\b.*\\)$"),
                ONE_SECOND);
            assertThat(status).as("STATUS on node B within 1 s of node A's APPEND").isNotNull();
        }
    }

    /** A user created through node A, with its folders created through node B. */
    private static String newUser() throws Exception {
        String user = "multi" + USERS.incrementAndGet() + "@" + TwoNodeCluster.DOMAIN;
        cluster.nodeA.webAdmin().addUser(user, PASSWORD);
        try (ImapConnection setup = ImapConnection.login(cluster.nodeB.imapPort(), user, PASSWORD)) {
            setup.command("CREATE INBOX");
            setup.expectOk("CREATE Other");
        }
        return user;
    }

    private static void deliverThroughNodeA(String user, String id) throws Exception {
        byte[] message = ("From: tel:+33612345678\r\nTo: " + user + "\r\nSubject: object " + id + "\r\nMessage-ID: <"
            + id + "@pf.test>\r\nContent-Type: text/plain\r\n\r\nhello " + id + "\r\n").getBytes(StandardCharsets.UTF_8);
        try (MailDoorClient lmtp = MailDoorClient.lmtp(cluster.nodeA.lmtpPort())) {
            assertThat(lmtp.send("pf@pf.test", List.of(user), message)).singleElement().asString().startsWith("250");
        }
    }

    @Test
    @Order(3)
    void aUserCreatedThroughNodeALogsInOnNodeB() throws Exception {
        String user = "created-on-a@" + TwoNodeCluster.DOMAIN;
        cluster.nodeA.webAdmin().addUser(user, PASSWORD);
        try (ImapConnection imap = ImapConnection.login(cluster.nodeB.imapPort(), user, PASSWORD)) {
            assertThat(ImapConnection.last(imap.command("LIST \"\" \"*\""))).contains(" OK ");
        }
        try (ImapConnection wrong = new ImapConnection(cluster.nodeB.imapPort())) {
            assertThat(ImapConnection.last(wrong.command("LOGIN \"" + user + "\" \"wrong\""))).contains(" NO ");
        }
    }

    @Test
    @Order(4)
    void appendsIntoOneFolderThroughBothNodesAtOnceGetDistinctIncreasingUids() throws Exception {
        String user = "appender@" + TwoNodeCluster.DOMAIN;
        cluster.nodeA.webAdmin().addUser(user, PASSWORD);
        try (ImapConnection imap = ImapConnection.login(cluster.nodeA.imapPort(), user, PASSWORD)) {
            imap.expectOk("CREATE Chats");
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(2);
        List<Future<List<Long>>> appenders = new ArrayList<>();
        for (CpmMssTestServer node : List.of(cluster.nodeA, cluster.nodeB)) {
            String name = node == cluster.nodeA ? "a" : "b";
            Callable<List<Long>> appends = () -> {
                List<Long> uids = new ArrayList<>();
                try (ImapConnection imap = ImapConnection.login(node.imapPort(), user, PASSWORD)) {
                    imap.readTimeout(Duration.ofMinutes(2));
                    start.countDown();
                    start.await();
                    for (int i = 0; i < APPENDS_PER_NODE; i++) {
                        List<String> answer = imap.commandWithLiteral("APPEND Chats", appended(name + i));
                        Matcher uid = APPENDUID.matcher(ImapConnection.last(answer));
                        assertThat(uid.find()).as("APPENDUID in %s", answer).isTrue();
                        uids.add(Long.parseLong(uid.group(1)));
                    }
                }
                return uids;
            };
            appenders.add(pool.submit(appends));
        }
        List<Long> all = new ArrayList<>();
        try {
            for (Future<List<Long>> appender : appenders) {
                List<Long> uids = appender.get(15, TimeUnit.MINUTES);
                assertThat(uids).as("UIDs of one connection's APPENDs, in order").isSorted().doesNotHaveDuplicates();
                all.addAll(uids);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(all).doesNotHaveDuplicates().hasSize(2 * APPENDS_PER_NODE);
        long highest = Collections.max(all);

        for (CpmMssTestServer node : List.of(cluster.nodeA, cluster.nodeB)) {
            try (ImapConnection imap = ImapConnection.login(node.imapPort(), user, PASSWORD)) {
                assertThat(String.join("\n", imap.expectOk("STATUS Chats (MESSAGES UIDNEXT)")))
                    .contains("MESSAGES " + 2 * APPENDS_PER_NODE)
                    .contains("UIDNEXT " + (highest + 1));
                imap.expectOk("EXAMINE Chats");
                String bodies = String.join("\n", imap.expectOk("UID FETCH 1:* (BODY.PEEK[TEXT])"));
                for (int i = 0; i < APPENDS_PER_NODE; i++) {
                    assertThat(bodies).contains("hello a" + i + "\r").contains("hello b" + i + "\r");
                }
            }
        }
    }

    @Test
    @Order(5)
    void aSigkilledNodeAndAFullResendThroughTheOtherLeaveEveryObjectExactlyOnceAndReuseNoUid() throws Exception {
        String alice = "+33621000001@" + TwoNodeCluster.DOMAIN;
        String bob = "+33621000002@" + TwoNodeCluster.DOMAIN;
        cluster.nodeA.webAdmin().addUser(alice, PASSWORD);
        cluster.nodeA.webAdmin().addUser(bob, PASSWORD);

        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(PF_CONNECTIONS);
        try {
            List<Future<?>> streams = new ArrayList<>();
            for (int c = 0; c < PF_CONNECTIONS; c++) {
                int connection = c;
                streams.add(pool.submit(() -> stream(cluster.nodeA, connection, alice, bob, acknowledged)));
            }
            // a readiness wait for the kill, not a speed check
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (acknowledged.size() < PF_CONNECTIONS * OBJECTS_PER_CONNECTION / 3) {
                assertThat(System.nanoTime()).as("a third of the objects acknowledged by node A").isLessThan(deadline);
                Thread.sleep(20);
            }
            cluster.nodeA.killForked();
            for (Future<?> stream : streams) {
                stream.get(5, TimeUnit.MINUTES);
            }
            List<String> acknowledgedByA = List.copyOf(acknowledged);
            System.out.println("multi-node drill: node A acknowledged " + acknowledgedByA.size() + " of "
                + PF_CONNECTIONS * OBJECTS_PER_CONNECTION + " objects before its SIGKILL");
            assertThat(acknowledgedByA).hasSizeLessThan(PF_CONNECTIONS * OBJECTS_PER_CONNECTION);

            Map<String, Map<Long, String>> beforeResend = new HashMap<>();
            Map<String, Long> uidNextBeforeResend = new HashMap<>();
            for (String owner : List.of(alice, bob)) {
                beforeResend.put(owner, storedObjects(owner));
                uidNextBeforeResend.put(owner, uidNext(owner));
                System.out.println("multi-node drill: " + owner + " has " + beforeResend.get(owner).size()
                    + " objects after the SIGKILL, UIDNEXT " + uidNextBeforeResend.get(owner));
            }

            // the PF resends everything through node B, over four connections again
            List<Future<?>> resend = new ArrayList<>();
            List<String> acknowledgedByB = Collections.synchronizedList(new ArrayList<>());
            for (int c = 0; c < PF_CONNECTIONS; c++) {
                int connection = c;
                resend.add(pool.submit(() -> stream(cluster.nodeB, connection, alice, bob, acknowledgedByB)));
            }
            for (Future<?> stream : resend) {
                stream.get(15, TimeUnit.MINUTES);
            }
            assertThat(acknowledgedByB).as("node B acknowledges every resent object").hasSize(
                PF_CONNECTIONS * OBJECTS_PER_CONNECTION);

            for (String owner : List.of(alice, bob)) {
                Map<Long, String> after = storedObjects(owner);
                Map<String, Integer> copies = new HashMap<>();
                after.values().forEach(id -> copies.merge(id, 1, Integer::sum));
                assertThat(copies.keySet()).as("objects in %s's conversation", owner)
                    .containsAll(acknowledgedByA).hasSize(PF_CONNECTIONS * OBJECTS_PER_CONNECTION);
                assertThat(copies).as("copies of each object in %s's conversation", owner)
                    .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
                assertThat(after).as("what node B served before the resend keeps its UIDs")
                    .containsAllEntriesOf(beforeResend.get(owner));
                List<Long> newUids = new ArrayList<>(after.keySet());
                newUids.removeAll(beforeResend.get(owner).keySet());
                assertThat(newUids).as("UIDs given after the kill, against UIDNEXT seen right after it")
                    .allSatisfy(uid -> assertThat(uid).isGreaterThanOrEqualTo(uidNextBeforeResend.get(owner)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The objects of {@code owner}'s conversation with the other test number, read through node B: UID to IMDN-Message-ID. */
    private static Map<Long, String> storedObjects(String owner) throws IOException {
        try (ImapConnection imap = ImapConnection.login(cluster.nodeB.imapPort(), owner, PASSWORD)) {
            imap.expectOk("EXAMINE " + conversation(imap, owner));
            Map<Long, String> objects = new HashMap<>();
            for (String line : imap.expectOk("UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (IMDN-Message-ID)])")) {
                Matcher uid = FETCH_UID.matcher(line);
                Matcher id = IMDN_MESSAGE_ID.matcher(line);
                if (uid.find() && id.find()) {
                    assertThat(objects.put(Long.parseLong(uid.group(1)), id.group(1))).as("one message per UID").isNull();
                }
            }
            return objects;
        }
    }

    private static long uidNext(String owner) throws IOException {
        try (ImapConnection imap = ImapConnection.login(cluster.nodeB.imapPort(), owner, PASSWORD)) {
            Matcher m = UIDNEXT.matcher(String.join("\n", imap.expectOk("STATUS " + conversation(imap, owner)
                + " (UIDNEXT)")));
            assertThat(m.find()).isTrue();
            return Long.parseLong(m.group(1));
        }
    }

    /** The quoted name of the 1-1 conversation folder of {@code owner} with the other number ({@code Default/tel:…}). */
    private static String conversation(ImapConnection imap, String owner) throws IOException {
        Matcher m = LIST_DELIMITER.matcher(imap.expectOk("LIST \"\" \"\"").get(0));
        String delimiter = m.find() ? m.group(1) : "/";
        String peer = owner.startsWith("+33621000001") ? "tel:+33621000002" : "tel:+33621000001";
        return "\"Default" + delimiter + peer + "\"";
    }

    /** One PF connection sending its objects, in order, to both owners; ends quietly when the node dies under it. */
    private static Void stream(CpmMssTestServer node, int connection, String alice, String bob, List<String> acknowledged) {
        try (MailDoorClient lmtp = MailDoorClient.lmtp(node.lmtpPort())) {
            for (int i = 0; i < OBJECTS_PER_CONNECTION; i++) {
                String id = "multi-" + connection + "-" + i;
                boolean fromAlice = i % 2 == 0;
                byte[] object = CpmObjectSamples.chat(fromAlice ? "tel:+33621000001" : "tel:+33621000002",
                    fromAlice ? "tel:+33621000002" : "tel:+33621000001", "multi", "multi-" + connection, id,
                    "message " + id);
                List<String> replies = lmtp.send("pf@pf.test", List.of(alice, bob), object);
                for (int retry = 0; retry < 5 && replies.stream().anyMatch(r -> r.startsWith("4")); retry++) {
                    System.err.println("multi-node drill: " + id + " answered " + replies + ", the PF retries");
                    Thread.sleep(1_000);
                    replies = lmtp.send("pf@pf.test", List.of(alice, bob), object);
                }
                if (replies.size() == 2 && replies.stream().allMatch(r -> r.startsWith("250"))) {
                    acknowledged.add(id);
                }
            }
        } catch (IOException e) {
            // the node was killed under this connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private static byte[] appended(String id) {
        return ("From: tel:+33612345678\r\nTo: tel:+33687654321\r\nSubject: object " + id + "\r\nMessage-ID: <" + id
            + "@multi.test>\r\nContent-Type: text/plain\r\n\r\nhello " + id + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
