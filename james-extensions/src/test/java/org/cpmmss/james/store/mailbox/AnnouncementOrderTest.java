package org.cpmmss.james.store.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** New messages of a folder are announced in UID order; a UID never announced holds the next one up only so long. */
class AnnouncementOrderTest {
    private final List<Long> announced = new CopyOnWriteArrayList<>();

    private CompletableFuture<Void> announce(AnnouncementOrder order, long folder, long uid) {
        return CompletableFuture.runAsync(() -> {
            order.awaitTurn(folder, uid);
            announced.add(uid);
            order.announced(folder, uid);
        });
    }

    @Test
    void aLaterUidWaitsForTheAnnouncementOfTheOneBelowIt() {
        AnnouncementOrder order = new AnnouncementOrder(Clock.systemUTC(), 60_000);
        order.awaitTurn(7, 1); // the folder's first announcement since the start waits for nothing
        order.announced(7, 1);
        CompletableFuture<Void> third = announce(order, 7, 3);
        CompletableFuture<Void> otherFolder = announce(order, 8, 10);
        otherFolder.join();
        assertThat(third).as("UID 3 while UID 2 is not announced").isNotDone();

        announce(order, 7, 2).join();
        third.join();
        assertThat(announced).containsExactly(10L, 2L, 3L);
    }

    @Test
    void aUidThatIsNeverAnnouncedHoldsTheNextOneUpOnlyUntilTheWaitIsOver() {
        AnnouncementOrder order = new AnnouncementOrder(Clock.systemUTC(), 300);
        order.announced(7, 4);
        CompletableFuture<Void> sixth = announce(order, 7, 6); // UID 5 failed after its commit: never announced
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(sixth::isDone);
        assertThat(announced).containsExactly(6L);
    }
}
