package org.cpmmss.james.imap.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;
import org.awaitility.Awaitility;
import org.cpmmss.james.server.modules.NativeMailboxModule;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.james.store.embedded.StoreFiles;
import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.FullDiskFileSystem;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

/**
 * A STORE of scattered messages through a real IMAP connection on the booted server: its ranges share one forced
 * write ({@link OneForcePerCommand}), as do the messages a FETCH without .PEEK marks seen and the messages of a COPY
 * or a MOVE; the answers are those of a force per range (a FETCH per message, a MODSEQ per
 * range), another session of the account hears of every change once the command is answered, a STORE with a
 * keyword still announces the new keyword, and a STORE whose force fails answers NO, keeps nothing, and leaves the
 * connection usable.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OneForcePerCommandTest {
    private static final String USER = "store@example.com";
    private static final String PASSWORD = "secret";
    private static final int MESSAGES = 60;
    private static final Pattern MODSEQ = Pattern.compile("MODSEQ \\((\\d+)\\)");
    private static final Pattern HIGHEST = Pattern.compile("HIGHESTMODSEQ (\\d+)");

    /** The bound embedded store. */
    public static class Probe implements GuiceProbe {
        final EmbeddedStorage storage;

        @Inject
        public Probe(EmbeddedStorage storage) {
            this.storage = storage;
        }
    }

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .domain("example.com").user(USER, PASSWORD)
        .prepare(test -> {
            FullDiskFileSystem.install();
            test.withOverride(new AbstractModule() {
                @Override
                protected void configure() {
                    // the message store on a file system whose forces the test can make fail
                    bind(EmbeddedStorage.Settings.class).toInstance(EmbeddedStorage.Settings
                        .defaults(test.dataDirectory().resolve(NativeMailboxModule.STORE_DIRECTORY))
                        .withFiles(new StoreFiles(FullDiskFileSystem.SCHEME + ":")));
                    Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(Probe.class);
                }
            });
        })
        .build();

    @AfterEach
    void freeDisk() {
        FullDiskFileSystem.free();
    }

    private static long forces() {
        return server.guice().getProbe(Probe.class).storage.groupCommit().forceCount();
    }

    private static ImapConnection login() throws Exception {
        return ImapConnection.login(server.imapPort(), USER, PASSWORD);
    }

    private static byte[] message(int i) {
        return ("From: peer@example.net\r\nTo: " + USER + "\r\nSubject: item " + i + "\r\nMessage-ID: <s" + i
            + "@example.net>\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> fetches(List<String> lines) {
        return lines.stream().filter(line -> line.matches("^\\* \\d+ FETCH .*")).toList();
    }

    private static long number(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(text).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static String odd(int from, int to) {
        return String.join(",", IntStream.rangeClosed(from, to).filter(i -> i % 2 == 1).mapToObj(Integer::toString)
            .toList());
    }

    /** Waits until nothing forces the store for a moment (the appends' text indexing and its marks are done). */
    private static void quiet() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long before = forces();
            Thread.sleep(700);
            return forces() == before;
        });
    }

    @Test
    @Order(1)
    void scatteredMessagesAreStoredUnderOneForceAndAnsweredAsBefore() throws Exception {
        try (ImapConnection writer = login(); ImapConnection other = login()) {
            writer.expectOk("CREATE Conv");
            for (int i = 1; i <= MESSAGES; i++) {
                writer.commandWithLiteral("APPEND Conv", message(i));
            }
            writer.expectOk("ENABLE CONDSTORE");
            long highestBefore = number(HIGHEST, String.join("\n", writer.expectOk("SELECT Conv")));
            other.expectOk("SELECT Conv");
            quiet();
            long forcesBefore = forces();

            List<String> answer = writer.expectOk("UID STORE " + odd(1, MESSAGES) + " +FLAGS (\\Seen \\Flagged)");

            assertThat(forces() - forcesBefore).as("one force for 30 ranges (a force per range before)")
                .isLessThanOrEqualTo(2);
            List<String> fetched = fetches(answer);
            assertThat(fetched).hasSize(MESSAGES / 2);
            List<Long> modSeqs = new ArrayList<>();
            for (int k = 0; k < fetched.size(); k++) {
                String line = fetched.get(k);
                int uid = 2 * k + 1;
                assertThat(line).startsWith("* " + uid + " FETCH (").contains("UID " + uid)
                    .contains("\\Seen").contains("\\Flagged");
                modSeqs.add(number(MODSEQ, line));
            }
            assertThat(modSeqs).as("a MODSEQ per range, in order, as with a force per range").isSorted()
                .doesNotHaveDuplicates().allMatch(m -> m > highestBefore);

            // the other session of the account hears of each change at its next command
            List<String> heard = fetches(other.expectOk("NOOP"));
            assertThat(heard).hasSize(MESSAGES / 2).allMatch(line -> line.contains("\\Seen"));
            List<String> changed = fetches(other.expectOk("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + highestBefore + ")"));
            assertThat(changed).hasSize(MESSAGES / 2);
            assertThat(other.expectOk("UID SEARCH SEEN")).anyMatch(line -> line.equals("* SEARCH " + odd(1, MESSAGES)
                .replace(',', ' ')));
        }
    }

    @Test
    @Order(2)
    void aStoreWithANewKeywordStillAnnouncesIt() throws Exception {
        try (ImapConnection writer = login()) {
            writer.expectOk("SELECT Conv");
            List<String> answer = writer.expectOk("UID STORE 2,4 +FLAGS ($cpm-kept)");
            assertThat(answer).anyMatch(line -> line.startsWith("* FLAGS (") && line.contains("$cpm-kept"));
            assertThat(fetches(answer)).hasSize(2).allMatch(line -> line.contains("$cpm-kept"));
        }
    }

    @Test
    @Order(3)
    void aStoreWhoseForceFailsAnswersNoAndKeepsNothing() throws Exception {
        try (ImapConnection writer = login()) {
            writer.expectOk("SELECT Conv");
            FullDiskFileSystem.failForcesOf("meta.mv.db");
            List<String> answer = writer.command("UID STORE 2,6,10 +FLAGS (\\Answered)");
            FullDiskFileSystem.free();

            assertThat(ImapConnection.last(answer)).contains("NO STORE processing failed");
            List<String> flags = fetches(writer.expectOk("UID FETCH 2,6,10 (FLAGS)"));
            assertThat(flags).hasSize(3).noneMatch(line -> line.contains("\\Answered"));

            // the connection goes on: the same STORE, forced, is kept
            assertThat(fetches(writer.expectOk("UID STORE 2,6,10 +FLAGS (\\Answered)"))).hasSize(3);
            assertThat(fetches(writer.expectOk("UID FETCH 2,6,10 (FLAGS)")))
                .hasSize(3).allMatch(line -> line.contains("\\Answered"));
        }
    }

    @Test
    @Order(4)
    void aFetchThatSetsSeenOnManyMessagesIsForcedOnce() throws Exception {
        try (ImapConnection reader = login(); ImapConnection other = login()) {
            reader.expectOk("SELECT Conv");
            other.expectOk("SELECT Conv");
            quiet();
            long forcesBefore = forces();

            List<String> answer = reader.expectOk("UID FETCH 12:40 (BODY[TEXT])");

            assertThat(forces() - forcesBefore).as("one force for 15 newly seen messages (a force each before)")
                .isLessThanOrEqualTo(2);
            List<String> fetched = answer.stream().filter(line -> line.matches("(?s)^\\* \\d+ FETCH .*")).toList();
            assertThat(fetched).hasSize(29).allMatch(line -> line.contains("body "));
            assertThat(fetched).as("the newly seen ones carry their new flags")
                .filteredOn(line -> line.contains("FLAGS (")).hasSize(15).allMatch(line -> line.contains("\\Seen"));
            List<String> heard = fetches(other.expectOk("NOOP"));
            assertThat(heard).as("the other session hears of the 15 newly seen messages").hasSize(15)
                .allMatch(line -> line.contains("\\Seen"));
        }
    }

    @Test
    @Order(5)
    void aCopyAndAMoveOfManyMessagesAreForcedOnceEach() throws Exception {
        try (ImapConnection writer = login(); ImapConnection watcher = login()) {
            writer.expectOk("CREATE Kept");
            writer.expectOk("CREATE Trash2");
            writer.expectOk("SELECT Conv");
            watcher.expectOk("SELECT Conv");
            quiet();
            long before = forces();
            List<String> copied = writer.expectOk("UID COPY 41:60 Kept");
            assertThat(forces() - before).as("one force for 20 copies (a force each before)").isLessThanOrEqualTo(2);
            assertThat(ImapConnection.last(copied)).contains("OK [COPYUID ");
            assertThat(writer.expectOk("STATUS Kept (MESSAGES)")).anyMatch(line -> line.contains("MESSAGES 20"));

            try (ImapConnection keeper = login()) {
                keeper.expectOk("SELECT Kept");
                quiet();
                before = forces();
                List<String> scattered = writer.expectOk("UID COPY " + odd(1, 19) + " Kept");
                assertThat(forces() - before).as("one force for a COPY of 10 ranges (a force per range before)")
                    .isLessThanOrEqualTo(2);
                assertThat(ImapConnection.last(scattered)).contains("OK [COPYUID ");
                assertThat(keeper.expectOk("NOOP")).as("a session on the target hears of the copies")
                    .contains("* 30 EXISTS");
            }

            quiet();
            before = forces();
            List<String> moved = writer.expectOk("UID MOVE 51:60 Trash2");
            assertThat(forces() - before).as("one force for 10 moves (a force each before)").isLessThanOrEqualTo(2);
            assertThat(moved).filteredOn(line -> line.matches("^\\* \\d+ EXPUNGE$")).hasSize(10);
            assertThat(writer.expectOk("STATUS Trash2 (MESSAGES)")).anyMatch(line -> line.contains("MESSAGES 10"));
            assertThat(watcher.expectOk("NOOP")).as("the other session hears of the moved messages' expunge")
                .filteredOn(line -> line.matches("^\\* \\d+ EXPUNGE$")).hasSize(10);
            List<String> bodies = writer.expectOk("SELECT Trash2");
            assertThat(bodies).contains("* 10 EXISTS");
            assertThat(writer.expectOk("UID FETCH 1:* (BODY.PEEK[TEXT])")).anyMatch(line -> line.contains("body 60"));
        }
    }
}
