package org.cpmmss.james.store.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.james.core.Username;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.inmemory.InMemoryMessageId;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The metadata reads James's {@code MessageManager.getMetaData} blocks on (HIGHESTMODSEQ, UIDNEXT, counters, first
 * unseen, recent) answer on the calling worker thread. James's defaults queued them on {@code boundedElastic}: with
 * every worker of that scheduler busy, a worker blocking on such a read waited for a task queued behind itself — a
 * SELECT (its HIGHESTMODSEQ re-read) hung for good in the mixed soak. Here every worker is held busy and one of
 * them makes each read.
 */
class MetadataReadOnBusyWorkersTest {
    @TempDir
    Path dir;
    private EmbeddedStorage storage;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void metadataReadsAnswerWhileEveryBoundedElasticWorkerIsBusy() throws Exception {
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(Files.createDirectories(dir.resolve("store"))),
            Clock.systemUTC());
        NativeMailboxMapper folders = new NativeMailboxMapper(storage.folders());
        Mailbox mailbox = folders.create(MailboxPath.forUser(Username.of("alice@example.com"), "Default/c"),
            UidValidity.of(7)).block();
        MessageMapper messages = new NativeMessageMapper(storage, new InMemoryMessageId.Factory());

        int workers = Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE;
        CountDownLatch allBusy = new CountDownLatch(workers);
        List<CompletableFuture<List<Object>>> answers = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            CompletableFuture<List<Object>> answer = new CompletableFuture<>();
            answers.add(answer);
            Mono.fromRunnable(() -> {
                allBusy.countDown();
                try {
                    allBusy.await(30, TimeUnit.SECONDS);
                    Duration bound = Duration.ofSeconds(5);
                    answer.complete(List.of(
                        messages.getHighestModSeqReactive(mailbox).block(bound),
                        messages.getLastUidReactive(mailbox).block(bound),
                        messages.getMailboxCountersReactive(mailbox).block(bound),
                        messages.findFirstUnseenMessageUidReactive(mailbox).block(bound),
                        messages.findRecentMessageUidsInMailboxReactive(mailbox).block(bound)));
                    release.await(30, TimeUnit.SECONDS);
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            }).subscribeOn(Schedulers.boundedElastic()).subscribe();
        }
        assertThat(allBusy.await(30, TimeUnit.SECONDS)).as("every boundedElastic worker busy").isTrue();
        for (CompletableFuture<List<Object>> answer : answers) {
            assertThat(answer.get(30, TimeUnit.SECONDS)).hasSize(5);
        }
    }
}
