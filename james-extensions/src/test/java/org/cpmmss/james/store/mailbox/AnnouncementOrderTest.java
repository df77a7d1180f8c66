package org.cpmmss.james.store.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** New messages of a folder are announced in UID order; a UID never announced holds the next one up only so long. */
class AnnouncementOrderTest {
    private final List<Long> announced = new CopyOnWriteArrayList<>();
    private final Scheduler oneThread = Schedulers.fromExecutorService(Executors.newSingleThreadExecutor());

    @AfterEach
    void stop() {
        oneThread.dispose();
    }

    /** The announcement of {@code uid}: after its turn, recorded, then the UIDs above it may go on. */
    private Mono<Void> announce(AnnouncementOrder order, long folder, long uid) {
        return order.turn(folder, uid)
            .then(Mono.fromRunnable(() -> announced.add(uid)))
            .doFinally(signal -> order.announced(folder, uid))
            .then();
    }

    @Test
    void aLaterUidWaitsForTheAnnouncementOfTheOneBelowIt() {
        AnnouncementOrder order = new AnnouncementOrder(Duration.ofMinutes(1), Schedulers.parallel());
        announce(order, 7, 1).block(); // the folder's first announcement since the start waits for nothing
        Disposable third = announce(order, 7, 3).subscribe();
        announce(order, 8, 10).block();
        assertThat(announced).as("UID 3 while UID 2 is not announced").containsExactly(1L, 10L);

        announce(order, 7, 2).block();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> announced.contains(3L));
        assertThat(announced).containsExactly(1L, 10L, 2L, 3L);
        third.dispose();
    }

    @Test
    void aUidThatIsNeverAnnouncedHoldsTheNextOneUpOnlyUntilTheWaitIsOver() {
        AnnouncementOrder order = new AnnouncementOrder(Duration.ofMillis(300), Schedulers.parallel());
        order.announced(7, 4);
        announce(order, 7, 6).subscribe(); // UID 5 failed after its commit: never announced
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> announced.contains(6L));
        assertThat(announced).containsExactly(6L);
    }

    /**
     * The wait holds no thread: with one worker thread for everything (Reactor's bounded-elastic pool hands a busy
     * worker more work once all are taken), UID 3 waiting for its turn must not keep UID 2's announcement, queued
     * behind it on the same thread, from running — before, UID 2 ran only once UID 3's wait had timed out.
     */
    @Test
    void aWaitingAnnouncementHoldsNoThreadTheOneItWaitsForNeeds() {
        AnnouncementOrder order = new AnnouncementOrder(Duration.ofMinutes(10), Schedulers.parallel());
        order.announced(7, 1);
        announce(order, 7, 3).subscribeOn(oneThread).subscribe();
        announce(order, 7, 2).subscribeOn(oneThread).subscribe();

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollDelay(10, TimeUnit.MILLISECONDS)
            .until(() -> announced.size() == 2);
        assertThat(announced).containsExactly(2L, 3L);
    }
}
