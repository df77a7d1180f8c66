package org.cpmmss.james.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The stop closes the state databases side by side (a slow close does not hold the others back) and the shared ones
 * (a connection pool the others borrow from) only once every other one is closed.
 */
class OpenStateDatabasesTest {
    @Test
    void databasesCloseSideBySideAndSharedOnesLast() {
        OpenStateDatabases open = new OpenStateDatabases();
        List<String> closed = new CopyOnWriteArrayList<>();
        CountDownLatch othersClosed = new CountDownLatch(2);
        open.registerShared(() -> closed.add("pool"));
        // the first database's close waits for both others: it ends only if they close while it is still closing
        open.register(() -> {
            boolean sideBySide = othersClosed.await(1, TimeUnit.MINUTES);
            closed.add(sideBySide ? "slow, with the others" : "slow, alone");
        });
        open.register(() -> {
            closed.add("fast-1");
            othersClosed.countDown();
        });
        open.register(() -> {
            closed.add("fast-2");
            othersClosed.countDown();
        });

        open.closeAll();

        assertThat(closed).hasSize(4).contains("slow, with the others", "fast-1", "fast-2");
        assertThat(closed.get(3)).isEqualTo("pool");
    }

    @Test
    void aFailedCloseDoesNotStopTheOthers() {
        OpenStateDatabases open = new OpenStateDatabases();
        List<String> closed = new CopyOnWriteArrayList<>();
        open.register(() -> {
            throw new IllegalStateException("disk gone");
        });
        open.register(() -> closed.add("other"));
        open.registerShared(() -> closed.add("pool"));

        open.closeAll();

        assertThat(closed).containsExactly("other", "pool");
    }
}
