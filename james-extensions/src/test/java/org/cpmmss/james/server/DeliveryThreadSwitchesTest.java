package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.CpmObjectSamples;
import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import reactor.core.scheduler.Schedulers;

/**
 * A chat object delivered over LMTP is announced to the listeners on the thread that delivers it when none has work
 * for it: once the owners' copies are forced, no task is handed to a Reactor scheduler by the announcement (James runs
 * a listener that is not reactive — pending ticks, temporary objects — on its blocking-call threads: a switch there
 * and back per listener and owner). Every task scheduled on any Reactor scheduler while objects are delivered is
 * looked at where it was scheduled from. The append itself runs on the delivering thread too (the native store's own
 * append, {@code FolderAppend}; James's append handed each owner's copy to its bounded-elastic pool and waited for
 * it). The copies are stored and found over IMAP as before.
 */
class DeliveryThreadSwitchesTest {
    private static final String ALICE = "+33600000001@example.com";
    private static final String BOB = "+33600000002@example.com";
    private static final String PASSWORD = "secret";
    private static final String HOOK = "delivery-thread-switches-test";
    private static final AtomicInteger ANNOUNCEMENT_HANDOFFS = new AtomicInteger();
    private static final AtomicInteger APPEND_HANDOFFS = new AtomicInteger();
    private static CpmMssTestServer server;

    @BeforeAll
    static void boot() throws Exception {
        Path work = Files.createTempDirectory("delivery-thread-switches");
        server = CpmMssTestServer.withFreshData(work).start();
        server.webAdmin().addDomain("example.com");
        server.webAdmin().addUser(ALICE, PASSWORD);
        server.webAdmin().addUser(BOB, PASSWORD);
        Schedulers.onScheduleHook(HOOK, task -> {
            StackTraceElement[] stack = new Throwable().getStackTrace();
            if (Arrays.stream(stack).anyMatch(frame -> frame.getClassName().endsWith("HeldAnnouncements")
                    && frame.getMethodName().equals("settle"))) {
                ANNOUNCEMENT_HANDOFFS.incrementAndGet();
            }
            if (Arrays.stream(stack).anyMatch(frame -> frame.getClassName().endsWith("MailboxConversationStore")
                    && frame.getMethodName().equals("append"))) {
                APPEND_HANDOFFS.incrementAndGet();
            }
            return task;
        });
    }

    @AfterAll
    static void shutdown() throws Exception {
        Schedulers.resetOnScheduleHook(HOOK);
        server.close();
    }

    private static List<String> deliver(String imdnId) throws Exception {
        byte[] chat = CpmObjectSamples.chat("tel:+33600000001", "tel:+33600000002", "thread-conv", "thread-contrib",
            imdnId, "hello " + imdnId);
        return MailDoorClient.lmtpFromPf(server.lmtpPort(), List.of(ALICE, BOB), chat);
    }

    @Test
    void eachOwnersCopyIsAppendedAndAnnouncedOnTheDeliveringThread() throws Exception {
        assertThat(deliver("thread-first")).allSatisfy(reply -> assertThat(reply).startsWith("250"));
        int announcedBefore = ANNOUNCEMENT_HANDOFFS.get();
        int appendedBefore = APPEND_HANDOFFS.get();

        for (int i = 0; i < 5; i++) {
            assertThat(deliver("thread-" + i)).hasSize(2).allSatisfy(reply -> assertThat(reply).startsWith("250"));
        }

        assertThat(ANNOUNCEMENT_HANDOFFS.get() - announcedBefore).as("announcements handed to another thread").isZero();
        assertThat(APPEND_HANDOFFS.get() - appendedBefore).as("appends handed to another thread").isZero();
        try (ImapConnection alice = ImapConnection.login(server.imapPort(), ALICE, PASSWORD);
             ImapConnection bob = ImapConnection.login(server.imapPort(), BOB, PASSWORD)) {
            alice.expectOk("SELECT \"Default/tel:+33600000002\"");
            bob.expectOk("SELECT \"Default/tel:+33600000001\"");
            for (int i = 0; i < 5; i++) {
                assertThat(StorageDrillFixtures.searchUids(alice, "UID SEARCH HEADER IMDN-Message-ID thread-" + i)).hasSize(1);
                assertThat(StorageDrillFixtures.searchUids(bob, "UID SEARCH HEADER IMDN-Message-ID thread-" + i)).hasSize(1);
            }
            alice.expectOk("FETCH 2 (FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (IMDN-Message-ID)])");
        }
    }
}
