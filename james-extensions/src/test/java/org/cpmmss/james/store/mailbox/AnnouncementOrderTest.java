package org.cpmmss.james.store.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * New messages written through this node are announced in UID order: an announcement waits for the writes that began
 * before its own was stored, and only for those; a UID never announced holds the next one up only so long.
 */
class AnnouncementOrderTest {
    private static final long FOLDER = 7;
    private final List<Long> announced = new CopyOnWriteArrayList<>();
    private final Scheduler oneThread = Schedulers.fromExecutorService(Executors.newSingleThreadExecutor());

    @AfterEach
    void stop() {
        oneThread.dispose();
    }

    /** The announcement of {@code uid}: after its turn, recorded, then the writes it held may go on. */
    private Mono<Void> announce(AnnouncementOrder order, long uid) {
        return order.turn(FOLDER, uid)
            .then(Mono.fromRunnable(() -> announced.add(uid)))
            .doFinally(signal -> order.announced(FOLDER, Set.of(uid)))
            .then();
    }

    private static AnnouncementOrder.Write stored(AnnouncementOrder order, long uid) {
        AnnouncementOrder.Write write = order.begin(FOLDER);
        order.stored(write, uid);
        return write;
    }

    private void awaitAnnounced(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollDelay(10, TimeUnit.MILLISECONDS)
            .until(() -> announced.size() >= count);
    }

    @Test
    void aLaterUidWaitsForTheAnnouncementOfAnEarlierWriteStoredBelowIt() {
        AnnouncementOrder order = new AnnouncementOrder(Duration.ofMinutes(1), Schedulers.parallel());
        stored(order, 1);
        stored(order, 2);
        stored(order, 3);
        announce(order, 1).block();
        announce(order, 3).subscribe();
        announce(order, 8).block(); // not a write of this node (another node's, on a shared store): holds nothing
        assertThat(announced).as("UID 3 while UID 2 is not announced").containsExactly(1L, 8L);

        announce(order, 2).block();
        awaitAnnounced(4);
        assertThat(announced).containsExactly(1L, 8L, 2L, 3L);
    }

    @Test
    void aWriteThatHasNoUidYetHoldsTheAnnouncementsStoredAfterItBeganUntilItIsStored() {
        AnnouncementOrder order = new AnnouncementOrder(Duration.ofMinutes(1), Schedulers.parallel());
        AnnouncementOrder.Write slow = order.begin(FOLDER);
        stored(order, 5);
        announce(order, 5).subscribe();
        assertThat(announced).as("UID 5 while an earlier write may still get a lower UID").isEmpty();

        order.stored(slow, 6); // it got a higher one: UID 5 goes, then UID 6
        awaitAnnounced(1);
        announce(order, 6).block();
        assertThat(announced).containsExactly(5L, 6L);
    }

    @Test
    void aWriteThatHasNoUidYetDoesNotHoldTheUidRightAfterTheLastOneAnnounced() {
        AnnouncementOrder order = new AnnouncementOrder(Duration.ofMinutes(1), Schedulers.parallel());
        stored(order, 1);
        announce(order, 1).block(Duration.ofSeconds(30));
        AnnouncementOrder.Write slow = order.begin(FOLDER);
        stored(order, 2);
        stored(order, 4); // UID 3 is another node's
        announce(order, 2).block(Duration.ofSeconds(30)); // the slow write can only get a UID above 2
        announce(order, 4).subscribe();
        assertThat(announced).as("UID 4 while the slow write may still get UID 3").containsExactly(1L, 2L);

        order.stored(slow, 5);
        awaitAnnounced(3);
        assertThat(announced).containsExactly(1L, 2L, 4L);
    }

    @Test
    void foldersIdleForTenWaitsAreForgotten() throws InterruptedException {
        AnnouncementOrder order = new AnnouncementOrder(Duration.ofMillis(10), Schedulers.parallel());
        stored(order, 1);
        announce(order, 1).block(Duration.ofSeconds(30));
        assertThat(order.foldersKept()).as("an idle folder, kept for its last announced UID").isEqualTo(1);

        Thread.sleep(150);
        for (int i = 0; i < 4096; i++) {
            order.failed(order.begin(FOLDER + 1));
        }
        assertThat(order.foldersKept()).as("only the folder written just now").isEqualTo(1);
    }

    @Test
    void aWriteBegunAfterAnotherWasStoredDoesNotHoldItUp() {
        AnnouncementOrder order = new AnnouncementOrder(Duration.ofMinutes(1), Schedulers.parallel());
        stored(order, 5);
        order.begin(FOLDER); // allocates after UID 5's commit: a higher UID
        announce(order, 5).block(Duration.ofSeconds(30));
        assertThat(announced).containsExactly(5L);
    }

    @Test
    void aFailedWriteHoldsNothing() {
        AnnouncementOrder order = new AnnouncementOrder(Duration.ofMinutes(1), Schedulers.parallel());
        AnnouncementOrder.Write failing = order.begin(FOLDER);
        stored(order, 5);
        announce(order, 5).subscribe();
        order.failed(failing);
        awaitAnnounced(1);
        assertThat(announced).containsExactly(5L);
    }

    @Test
    void aStoredUidThatIsNeverAnnouncedHoldsTheNextOneUpOnlyUntilTheWaitIsOverAndThenNoMore() {
        AnnouncementOrder order = new AnnouncementOrder(Duration.ofMillis(300), Schedulers.parallel());
        stored(order, 5); // its append failed after the store: never announced
        stored(order, 6);
        stored(order, 7);
        long start = System.nanoTime();
        announce(order, 6).block(Duration.ofSeconds(30));
        assertThat(System.nanoTime() - start).as("UID 6 waited for UID 5").isGreaterThanOrEqualTo(
            TimeUnit.MILLISECONDS.toNanos(300));
        announce(order, 7).block(Duration.ofMillis(250)); // does not wait for UID 5 again
        assertThat(announced).containsExactly(6L, 7L);
    }

    /**
     * The wait holds no thread: with one worker thread for everything (Reactor's bounded-elastic pool hands a busy
     * worker more work once all are taken), UID 3 waiting for its turn must not keep UID 2's announcement, queued
     * behind it on the same thread, from running — before, UID 2 ran only once UID 3's wait had timed out.
     */
    @Test
    void aWaitingAnnouncementHoldsNoThreadTheOneItWaitsForNeeds() {
        AnnouncementOrder order = new AnnouncementOrder(Duration.ofMinutes(10), Schedulers.parallel());
        stored(order, 2);
        stored(order, 3);
        announce(order, 3).subscribeOn(oneThread).subscribe();
        announce(order, 2).subscribeOn(oneThread).subscribe();

        awaitAnnounced(2);
        assertThat(announced).containsExactly(2L, 3L);
    }
}
