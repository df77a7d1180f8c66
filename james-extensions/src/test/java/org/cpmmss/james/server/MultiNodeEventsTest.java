package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.cpmmss.james.store.wiring.StorageSelection;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.cpmmss.james.testing.PostgresTestServer;
import org.cpmmss.james.testing.RabbitMqTestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two cpm-mss server processes on one PostgreSQL store and one RabbitMQ broker (loopback, distinct ports; issue 23's
 * multi-node acceptance, the events part): what is delivered through node A wakes an IDLE client and a NOTIFY
 * watcher on node B within 1 s. Needs {@code storage.backend=postgresql}: until the PostgreSQL store is wired in
 * the build, the class is skipped and says so (it runs, and must pass, from the build that wires it on).
 */
class MultiNodeEventsTest {
    private static final String DOMAIN = "example.com";
    private static final String PASSWORD = "secret";
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final AtomicInteger USERS = new AtomicInteger();

    @TempDir
    static Path work;
    private static CpmMssTestServer nodeA;
    private static CpmMssTestServer nodeB;
    private static String notWiredYet;

    @BeforeAll
    static void twoNodes() throws Exception {
        Properties wanted = new Properties();
        wanted.setProperty("storage.backend", "postgresql");
        wanted.setProperty("storage.postgresql.url", "jdbc:postgresql://127.0.0.1:5432/wired");
        wanted.setProperty("storage.postgresql.user", "wired");
        wanted.setProperty("events.backend", "rabbitmq");
        wanted.setProperty("events.rabbitmq.uri", "amqp://wired:wired@127.0.0.1:5672/wired");
        try {
            CpmMssServer.modules(StorageSelection.of(wanted));
        } catch (IllegalArgumentException notWired) {
            notWiredYet = "the PostgreSQL store is not wired in this build yet: " + notWired.getMessage();
            return;
        }
        String database = PostgresTestServer.shared().newDatabase("multinode_events");
        String broker = RabbitMqTestBroker.shared().newVirtualHost("multinode");
        nodeA = CpmMssTestServer.withFreshData(work.resolve("a"));
        nodeB = CpmMssTestServer.withFreshData(work.resolve("b"));
        for (CpmMssTestServer node : List.of(nodeA, nodeB)) {
            shareStoreAndEvents(node.confDirectory(), database, broker);
        }
        nodeA.startForked();
        nodeB.startForked();
        nodeA.webAdmin().addDomain(DOMAIN);
    }

    @BeforeEach
    void needsThePostgresqlStore() {
        Assumptions.assumeTrue(notWiredYet == null, notWiredYet);
    }

    @AfterAll
    static void stop() throws Exception {
        for (CpmMssTestServer node : new CpmMssTestServer[] {nodeA, nodeB}) {
            if (node != null) {
                node.killForked();
            }
        }
    }

    private static void shareStoreAndEvents(Path conf, String jdbcUrl, String amqpUri) throws Exception {
        Path selection = conf.resolve(StorageSelection.FILE);
        String text = Files.readString(selection, StandardCharsets.UTF_8)
            .replaceAll("(?m)^storage\\.backend=.*$", "storage.backend=postgresql")
            .replaceAll("(?m)^events\\.backend=.*$", "events.backend=rabbitmq");
        text += "\nstorage.postgresql.url=" + jdbcUrl
            + "\nstorage.postgresql.user=" + PostgresTestServer.APP_USER
            + "\nstorage.postgresql.password=" + PostgresTestServer.APP_PASSWORD
            + "\nevents.rabbitmq.uri=" + amqpUri + "\n";
        Files.writeString(selection, text, StandardCharsets.UTF_8);
    }

    /** A user created through node A, with its folders created through node B. */
    private static String newUser() throws Exception {
        String user = "multi" + USERS.incrementAndGet() + "@" + DOMAIN;
        nodeA.webAdmin().addUser(user, PASSWORD);
        try (ImapConnection setup = ImapConnection.login(nodeB.imapPort(), user, PASSWORD)) {
            setup.command("CREATE INBOX");
            setup.expectOk("CREATE Other");
        }
        return user;
    }

    private static void deliverThroughNodeA(String user, String id) throws Exception {
        byte[] message = ("From: tel:+33612345678\r\nTo: " + user + "\r\nSubject: object " + id + "\r\nMessage-ID: <"
            + id + "@pf.test>\r\nContent-Type: text/plain\r\n\r\nhello " + id + "\r\n").getBytes(StandardCharsets.UTF_8);
        try (MailDoorClient lmtp = MailDoorClient.lmtp(nodeA.lmtpPort())) {
            assertThat(lmtp.send("pf@pf.test", List.of(user), message)).singleElement().asString().startsWith("250");
        }
    }

    @Test
    void anLmtpDeliveryOnNodeAWakesIdleOnNodeBWithinOneSecond() throws Exception {
        String user = newUser();
        try (ImapConnection idler = ImapConnection.login(nodeB.imapPort(), user, PASSWORD)) {
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
    void anAppendOnNodeAReachesANotifyWatcherOnNodeB() throws Exception {
        String user = newUser();
        try (ImapConnection watcher = ImapConnection.login(nodeB.imapPort(), user, PASSWORD);
             ImapConnection writer = ImapConnection.login(nodeA.imapPort(), user, PASSWORD)) {
            watcher.expectOk("SELECT INBOX");
            watcher.expectOk("NOTIFY SET (mailboxes Other (MessageNew MessageExpunge))");

            byte[] message = ("From: tel:+33612345678\r\nTo: " + user + "\r\nSubject: appended\r\nMessage-ID: <multi-notify-1"
                + "@pf.test>\r\nContent-Type: text/plain\r\n\r\nhello\r\n").getBytes(StandardCharsets.UTF_8);
            assertThat(writer.commandWithLiteral("APPEND Other", message)).last().asString().contains(" OK");
            String status = watcher.awaitLine(Pattern.compile("^\\* STATUS \"?Other\"? \\(.*\\bMESSAGES 1\\b.*\\)$"),
                ONE_SECOND);
            assertThat(status).as("STATUS on node B within 1 s of node A's APPEND").isNotNull();
        }
    }
}
