package org.cpmmss.james.imap.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cpmmss.james.imap.profile.HeldCheckModule;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * NOTIFY (RFC 5465) on the booted server, with real sockets: a watching client gets unsolicited STATUS for folders
 * it has not selected when objects arrive over LMTP or are appended by another connection, sees FlagChange,
 * MailboxName and SubscriptionChange, and stops hearing after NOTIFY NONE. Each test uses its own user, and
 * folder names are built with the delimiter the server announces, so the tests hold with "." or "/".
 */
class ImapNotifyTest {
    private static final String DOMAIN = "example.com";
    private static final String PASSWORD = "secret";
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final AtomicInteger USERS = new AtomicInteger();

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        // the server's own IMAP chain, with a CHECK that a test can hold in progress
        .override(new HeldCheckModule())
        .domain(DOMAIN)
        .build();

    /** A fresh user with INBOX, Default, a conversation folder under Default and an unrelated folder. */
    private static final class Account {
        final String user;
        final String conversation;
        final char delimiter;

        Account() throws Exception {
            user = "watcher" + USERS.incrementAndGet() + "@" + DOMAIN;
            server.webAdmin().addUser(user, PASSWORD);
            try (ImapConnection setup = login()) {
                String list = setup.expectOk("LIST \"\" \"\"").get(0);
                Matcher matcher = Pattern.compile("^\\* LIST \\(.*\\) \"(.)\"").matcher(list);
                assertThat(matcher.find()).as(list).isTrue();
                delimiter = matcher.group(1).charAt(0);
                conversation = "Default" + delimiter + "tel:+33612345678";
                setup.command("CREATE INBOX");
                setup.expectOk("CREATE Default");
                setup.expectOk("CREATE \"" + conversation + "\"");
                setup.expectOk("CREATE Other");
            }
        }

        ImapConnection login() throws Exception {
            return ImapConnection.login(server.imapPort(), user, PASSWORD);
        }

        void append(ImapConnection connection, String folder, String id) throws Exception {
            List<String> lines = connection.commandWithLiteral("APPEND \"" + folder + "\"", message(id));
            assertThat(lines.get(lines.size() - 1)).contains(" OK");
        }

        void deliverOverLmtp(String id) throws Exception {
            try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
                assertThat(lmtp.send("pf@pf.test", List.of(user), message(id))).singleElement().asString().startsWith("250");
            }
        }

        private byte[] message(String id) {
            return ("From: tel:+33612345678\r\nTo: " + user + "\r\nSubject: object " + id + "\r\nMessage-ID: <" + id
                + "@pf.test>\r\nContent-Type: text/plain\r\n\r\nhello " + id + "\r\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    private static Pattern status(String mailbox, String item) {
        return Pattern.compile("^\\* STATUS \"?" + Pattern.quote(mailbox) + "\"? \\(.*\\b" + item + "\\b.*\\)$");
    }

    private static Pattern anyStatus() {
        return Pattern.compile("^\\* STATUS ");
    }

    private static final String WATCH_DEFAULT_AND_INBOX =
        "NOTIFY SET (subtree Default (MessageNew MessageExpunge FlagChange)) (mailboxes INBOX (MessageNew MessageExpunge))";

    @Test
    void capabilityAdvertisesNotify() throws Exception {
        Account account = new Account();
        try (ImapConnection imap = account.login()) {
            assertThat(imap.expectOk("CAPABILITY").get(0)).contains(" NOTIFY");
        }
    }

    /** Objects arriving over LMTP (INBOX) and into a conversation folder, while the watcher has another folder selected. */
    @Test
    void subtreeDefaultWatcherGetsStatusForNewObjectsInUnselectedFoldersWithinOneSecond() throws Exception {
        Account account = new Account();
        try (ImapConnection watcher = account.login(); ImapConnection other = account.login()) {
            watcher.expectOk("SELECT Other");
            watcher.expectOk(WATCH_DEFAULT_AND_INBOX);

            long start = System.nanoTime();
            account.deliverOverLmtp("lmtp-1");
            String inbox = watcher.awaitLine(status("INBOX", "MESSAGES 1"), ONE_SECOND);
            assertThat(inbox).as("STATUS for INBOX within 1 s of the LMTP 250").isNotNull()
                .contains("UIDNEXT 2").contains("UNSEEN 1").containsPattern("HIGHESTMODSEQ \\d+").contains("UIDVALIDITY");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ONE_SECOND.plusMillis(500));

            account.append(other, account.conversation, "conv-1");
            assertThat(watcher.awaitLine(status(account.conversation, "MESSAGES 1"), ONE_SECOND))
                .as("STATUS for the conversation folder within 1 s of the APPEND").isNotNull();

            // the watcher's connection is still in sync for its own commands
            assertThat(watcher.command("NOOP")).last().asString().startsWith(watcher.lastTag() + " OK");
        }
    }

    @Test
    void statusIsDeliveredDuringIdle() throws Exception {
        Account account = new Account();
        try (ImapConnection watcher = account.login(); ImapConnection other = account.login()) {
            watcher.expectOk(WATCH_DEFAULT_AND_INBOX);
            watcher.expectOk("SELECT Other");
            String tag = watcher.nextTag();
            watcher.send(tag + " IDLE\r\n");
            assertThat(watcher.readResponse()).startsWith("+");
            account.append(other, account.conversation, "idle-1");
            assertThat(watcher.awaitLine(status(account.conversation, "MESSAGES 1"), ONE_SECOND)).isNotNull();
            watcher.send("DONE\r\n");
            assertThat(watcher.readUntilTagged(tag)).last().asString().startsWith(tag + " OK");
        }
    }

    @Test
    void flagChangeIsSeenWhenAnotherClientSetsSeen() throws Exception {
        Account account = new Account();
        try (ImapConnection watcher = account.login(); ImapConnection other = account.login()) {
            account.append(other, account.conversation, "flag-1");
            watcher.expectOk(WATCH_DEFAULT_AND_INBOX);
            other.expectOk("SELECT \"" + account.conversation + "\"");
            other.expectOk("STORE 1 +FLAGS (\\Seen)");
            assertThat(watcher.awaitLine(status(account.conversation, "UNSEEN 0"), ONE_SECOND)).isNotNull();
        }
    }

    @Test
    void expungeInAnUnselectedFolderIsReported() throws Exception {
        Account account = new Account();
        try (ImapConnection watcher = account.login(); ImapConnection other = account.login()) {
            account.append(other, account.conversation, "gone-1");
            account.append(other, account.conversation, "gone-2");
            watcher.expectOk(WATCH_DEFAULT_AND_INBOX);
            other.expectOk("SELECT \"" + account.conversation + "\"");
            other.expectOk("STORE 1 +FLAGS.SILENT (\\Deleted)");
            other.expectOk("EXPUNGE");
            assertThat(watcher.awaitLine(status(account.conversation, "MESSAGES 1"), ONE_SECOND)).isNotNull();
        }
    }

    @Test
    void foldersOutsideTheFiltersAndTheSelectedFolderGetNoStatus() throws Exception {
        Account account = new Account();
        try (ImapConnection watcher = account.login(); ImapConnection other = account.login()) {
            watcher.expectOk("NOTIFY SET (selected (MessageNew MessageExpunge)) (subtree Default (MessageNew MessageExpunge))");
            watcher.expectOk("SELECT \"" + account.conversation + "\"");
            account.append(other, "Other", "outside-1");
            account.append(other, account.conversation, "selected-1");
            // the selected folder is reported the IMAP way (EXISTS), never by STATUS
            String tag = watcher.nextTag();
            watcher.send(tag + " IDLE\r\n");
            List<String> seen = new java.util.ArrayList<>();
            String line;
            while ((line = watcher.awaitLine(Pattern.compile("."), Duration.ofMillis(1500))) != null) {
                seen.add(line);
            }
            watcher.send("DONE\r\n");
            seen.addAll(watcher.readUntilTagged(tag));
            assertThat(seen).noneMatch(l -> l.startsWith("* STATUS"));
            assertThat(seen).anyMatch(l -> l.matches("^\\* 1 EXISTS$"));
        }
    }

    @Test
    void notifyNoneStopsTheNotifications() throws Exception {
        Account account = new Account();
        try (ImapConnection watcher = account.login(); ImapConnection other = account.login()) {
            watcher.expectOk(WATCH_DEFAULT_AND_INBOX);
            account.append(other, account.conversation, "before-none");
            assertThat(watcher.awaitLine(status(account.conversation, "MESSAGES 1"), ONE_SECOND)).isNotNull();

            assertThat(watcher.command("NOTIFY NONE")).last().asString().startsWith(watcher.lastTag() + " OK");
            account.append(other, account.conversation, "after-none");
            account.deliverOverLmtp("after-none-lmtp");
            assertThat(watcher.awaitLine(anyStatus(), Duration.ofMillis(1500))).isNull();
        }
    }

    @Test
    void notifySetStatusAnswersTheCurrentStatusOfMatchingFolders() throws Exception {
        Account account = new Account();
        try (ImapConnection watcher = account.login(); ImapConnection other = account.login()) {
            account.append(other, account.conversation, "initial-1");
            account.append(other, account.conversation, "initial-2");
            List<String> lines = watcher.expectOk("NOTIFY SET STATUS (subtree Default (MessageNew MessageExpunge))");
            assertThat(lines).anyMatch(l -> status(account.conversation, "MESSAGES 2").matcher(l).find());
            assertThat(lines).anyMatch(l -> status("Default", "MESSAGES 0").matcher(l).find());
            assertThat(lines).noneMatch(l -> l.contains("Other") || l.contains("INBOX"));
        }
    }

    @Test
    void mailboxNameAndSubscriptionChangesAreListed() throws Exception {
        Account account = new Account();
        String d = String.valueOf(account.delimiter);
        String created = "Default" + d + "tel:+33699999999";
        String renamed = "Default" + d + "tel:+33688888888";
        try (ImapConnection watcher = account.login(); ImapConnection other = account.login()) {
            watcher.expectOk("NOTIFY SET (personal (MailboxName SubscriptionChange))");
            other.expectOk("CREATE \"" + created + "\"");
            assertThat(watcher.awaitLine(Pattern.compile("^\\* LIST \\(\\) \"" + Pattern.quote(d) + "\" \"?" + Pattern.quote(created) + "\"?$"),
                ONE_SECOND)).isNotNull();
            other.expectOk("SUBSCRIBE \"" + created + "\"");
            assertThat(watcher.awaitLine(Pattern.compile("^\\* LIST \\(\\\\Subscribed\\) .*" + Pattern.quote(created)), ONE_SECOND)).isNotNull();
            other.expectOk("RENAME \"" + created + "\" \"" + renamed + "\"");
            assertThat(watcher.awaitLine(Pattern.compile("^\\* LIST \\(\\) .*" + Pattern.quote(renamed) + "\"? \\(\"OLDNAME\" \\(\"?"
                + Pattern.quote(created) + "\"?\\)\\)$"), ONE_SECOND)).isNotNull();
            other.expectOk("DELETE \"" + renamed + "\"");
            assertThat(watcher.awaitLine(Pattern.compile("^\\* LIST \\(\\\\NonExistent\\) .*" + Pattern.quote(renamed)), ONE_SECOND)).isNotNull();
        }
    }

    /**
     * A notification that falls due while a command of the watcher is in progress waits for that command's tagged
     * completion. The watcher's CHECK is held in progress ({@link HeldCheckModule}); another connection appends into
     * a watched folder; a third connection watching the same folders receives its STATUS, which proves the listener
     * has handed the event to every connection of the user (one pass, {@code NotifyListener.route}); only then is the
     * CHECK released. The watcher must see no STATUS before the CHECK's tagged OK, and the STATUS right after it.
     */
    @Test
    void aNotificationDueWhileACommandIsInProgressWaitsForItsTaggedCompletion() throws Exception {
        Account account = new Account();
        try (ImapConnection watcher = account.login(); ImapConnection other = account.login();
             ImapConnection observer = account.login()) {
            watcher.expectOk("SELECT Other");
            watcher.expectOk(WATCH_DEFAULT_AND_INBOX);
            observer.expectOk(WATCH_DEFAULT_AND_INBOX);
            HeldCheckModule.Hold hold = HeldCheckModule.arm();
            String tag = watcher.nextTag();
            watcher.send(tag + " CHECK\r\n");
            hold.entered().get(10, java.util.concurrent.TimeUnit.SECONDS);

            account.append(other, account.conversation, "during-check");
            assertThat(observer.awaitLine(status(account.conversation, "MESSAGES 1"), Duration.ofSeconds(10)))
                .as("the event reached the user's connections").isNotNull();

            hold.release().complete(null);
            List<String> check = watcher.readUntilTagged(tag);
            assertThat(check.get(check.size() - 1)).startsWith(tag + " OK");
            assertThat(check).as("lines up to the CHECK's completion").noneMatch(l -> l.startsWith("* STATUS "));
            assertThat(watcher.awaitLine(status(account.conversation, "MESSAGES 1"), Duration.ofSeconds(10)))
                .as("the STATUS, after the CHECK's completion").isNotNull();
        }
    }

    @Test
    void unsupportedEventsAndBadSyntaxAreRefused() throws Exception {
        Account account = new Account();
        try (ImapConnection watcher = account.login()) {
            assertThat(watcher.command("NOTIFY SET (personal (MessageNew AnnotationChange))")).last().asString()
                .startsWith(watcher.lastTag() + " NO").contains("AnnotationChange");
            assertThat(watcher.command("NOTIFY SET (nowhere (MessageNew))")).last().asString().startsWith(watcher.lastTag() + " BAD");
            assertThat(watcher.command("NOTIFY MAYBE")).last().asString().startsWith(watcher.lastTag() + " BAD");
            assertThat(watcher.command("NOTIFY SET (subtree (Default Other) (MessageNew (UID FLAGS) MessageExpunge))")).last().asString()
                .startsWith(watcher.lastTag() + " OK");
        }
    }
}
