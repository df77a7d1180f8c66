package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.cpmmss.james.store.wiring.StorageSelection;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.cpmmss.james.testing.RabbitMqTestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The booted server with {@code events.backend=rabbitmq} in {@code conf/storage.properties}, on a private broker
 * (one node, the embedded store): its events go through RabbitMQ (the node's key queue and the group work queues
 * exist on the broker), an IMAP IDLE client wakes on an LMTP delivery, and a NOTIFY watcher gets the STATUS of a
 * folder it has not selected; the health check includes the broker.
 */
class RabbitMqEventsServerTest {
    private static final String DOMAIN = "example.com";
    private static final String PASSWORD = "secret";
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final AtomicInteger USERS = new AtomicInteger();
    private static String uri;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .prepare(configured -> {
            uri = RabbitMqTestBroker.shared().newVirtualHost("server");
            Path selection = configured.confDirectory().resolve(StorageSelection.FILE);
            Files.writeString(selection, Files.readString(selection, StandardCharsets.UTF_8)
                .replaceAll("(?m)^events\\.backend=.*$", "events.backend=rabbitmq")
                + "\nevents.rabbitmq.uri=" + uri + "\n", StandardCharsets.UTF_8);
            assertThat(StorageSelection.read(configured.confDirectory().toFile()).rabbitmqEvents()).isTrue();
        })
        .domain(DOMAIN)
        .build();

    private static String newUser() throws Exception {
        String user = "rabbit" + USERS.incrementAndGet() + "@" + DOMAIN;
        server.webAdmin().addUser(user, PASSWORD);
        try (ImapConnection setup = ImapConnection.login(server.imapPort(), user, PASSWORD)) {
            setup.command("CREATE INBOX");
            setup.expectOk("CREATE Other");
        }
        return user;
    }

    private static void deliverOverLmtp(String user, String id) throws Exception {
        byte[] message = ("From: tel:+33612345678\r\nTo: " + user + "\r\nSubject: object " + id + "\r\nMessage-ID: <"
            + id + "@pf.test>\r\nContent-Type: text/plain\r\n\r\nhello " + id + "\r\n").getBytes(StandardCharsets.UTF_8);
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            assertThat(lmtp.send("pf@pf.test", List.of(user), message)).singleElement().asString().startsWith("250");
        }
    }

    @Test
    void theServersEventsGoThroughTheBroker() {
        List<String> queues = RabbitMqTestBroker.shared().queueNames(uri);
        assertThat(queues).as("the node's own queue for key registrations (IDLE, NOTIFY)")
            .anyMatch(name -> name.startsWith("mailboxEvent-eventbus-"));
        assertThat(queues).as("one work queue per group listener, shared by the nodes")
            .contains("mailboxEvent-workQueue-org.cpmmss.james.search.indexing.SearchIndexingListener$SearchIndexingGroup")
            .contains("mailboxEvent-workQueue-org.cpmmss.james.notifications.PendingTicksListener$PendingTicksGroup");
        assertThat(queues).as("NOTIFY is no group listener").noneMatch(name -> name.contains("Notify"));
    }

    @Test
    void theHealthCheckIncludesTheBroker() throws Exception {
        var response = server.webAdmin().send("GET", "/healthcheck/checks/RabbitMQ%20backend", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"healthy\"");
    }

    @Test
    void idleWakesOnAnLmtpDelivery() throws Exception {
        String user = newUser();
        try (ImapConnection idler = ImapConnection.login(server.imapPort(), user, PASSWORD)) {
            assertThat(String.join("\n", idler.expectOk("SELECT INBOX"))).contains("* 0 EXISTS");
            String tag = idler.nextTag();
            idler.send(tag + " IDLE\r\n");
            assertThat(idler.readResponse()).startsWith("+");

            deliverOverLmtp(user, "idle-1");
            assertThat(idler.awaitLine(Pattern.compile("^\\* 1 EXISTS$"), ONE_SECOND))
                .as("EXISTS within 1 s of the LMTP 250").isNotNull();

            idler.send("DONE\r\n");
            assertThat(idler.readUntilTagged(tag)).last().asString().startsWith(tag + " OK");
        }
    }

    @Test
    void notifyWatcherGetsTheStatusOfAnUnselectedFolder() throws Exception {
        String user = newUser();
        try (ImapConnection watcher = ImapConnection.login(server.imapPort(), user, PASSWORD)) {
            watcher.expectOk("SELECT Other");
            watcher.expectOk("NOTIFY SET (mailboxes INBOX (MessageNew MessageExpunge))");

            deliverOverLmtp(user, "notify-1");
            String status = watcher.awaitLine(Pattern.compile("^\\* STATUS \"?INBOX\"? \\(.*\\bMESSAGES 1\\b.*\\)$"),
                ONE_SECOND);
            assertThat(status).as("STATUS for INBOX within 1 s of the LMTP 250").isNotNull().contains("UIDNEXT 2");
            assertThat(watcher.command("NOOP")).last().asString().startsWith(watcher.lastTag() + " OK");
        }
    }
}
