package org.cpmmss.james.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.cpmmss.james.outbound.NotificationOutbox;
import org.cpmmss.james.outbound.OutboundRoute;
import org.cpmmss.james.outbound.OutboundRoutes;
import org.cpmmss.james.outbound.OutboxSender;
import org.cpmmss.james.outbound.OutboxSettings;
import org.cpmmss.james.testing.PostgresTestServer;
import org.cpmmss.recording.port.CpmStateStore;
import org.cpmmss.recording.port.DeferredQueue;
import org.cpmmss.recording.port.ExpiryIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The once-per-cluster work on PostgreSQL: two "nodes" (each its own pool and lease name, one database) claiming at
 * once take every item exactly once; an item claimed by a node that then died is taken by the other after the lease.
 */
class ClusterClaimsTest {
    private static final int ITEMS = 300;
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private final StateBackend.TestClock clock = new StateBackend.TestClock(T0);
    private final List<AutoCloseable> opened = new ArrayList<>();
    private PostgresqlState nodeA;
    private PostgresqlState nodeB;
    private ClusterLease leaseA;
    private ClusterLease leaseB;

    @BeforeEach
    void twoNodesOnOneDatabase() {
        String url = PostgresTestServer.shared().newDatabase("claims");
        nodeA = StateBackend.node(url, opened);
        nodeB = StateBackend.node(url, opened);
        leaseA = new ClusterLease("node-a", Duration.ofMinutes(5), clock);
        leaseB = new ClusterLease("node-b", Duration.ofMinutes(5), clock);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    /** Both nodes drain at once, in small batches: what each took, by item. */
    private static <T> Map<T, List<String>> drainConcurrently(Function<String, List<T>> claimBatch, Function<T, Void> done)
            throws Exception {
        Map<T, List<String>> takenBy = new ConcurrentHashMap<>();
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (String node : List.of("node-a", "node-b")) {
                runs.add(nodes.submit(() -> {
                    start.await();
                    while (true) {
                        List<T> batch = claimBatch.apply(node);
                        if (batch.isEmpty()) {
                            return null;
                        }
                        for (T item : batch) {
                            takenBy.computeIfAbsent(item, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(node);
                            done.apply(item);
                        }
                    }
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            nodes.shutdownNow();
        }
        return takenBy;
    }

    private static void assertEachOnceAndBothWorked(Map<?, List<String>> takenBy) {
        assertThat(takenBy).hasSize(ITEMS);
        assertThat(takenBy.values()).allSatisfy(nodes -> assertThat(nodes).hasSize(1));
        assertThat(takenBy.values().stream().map(nodes -> nodes.get(0)).distinct()).hasSize(2);
    }

    @Test
    void theExpirySweepOfTwoNodesTakesEveryEntryExactlyOnce() throws Exception {
        ExpiryIndex a = new PostgresqlExpiryIndex(nodeA, leaseA);
        ExpiryIndex b = new PostgresqlExpiryIndex(nodeB, leaseB);
        List<ExpiryIndex.Entry> entries = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            entries.add(new ExpiryIndex.Entry("alice@example.com", "mb" + (i % 7), i, T0.minusSeconds(ITEMS - i)));
        }
        a.putAll(entries);
        Map<ExpiryIndex.Entry, List<String>> takenBy = drainConcurrently(
            node -> (node.equals("node-a") ? a : b).claimExpired(clock.instant(), 7),
            entry -> {
                a.remove(entry.mailboxId(), entry.uid());
                return null;
            });
        assertEachOnceAndBothWorked(takenBy);
        assertThat(a.size()).isZero();
    }

    @Test
    void theOutboxOfTwoNodesSendsEveryNotificationExactlyOnce() throws Exception {
        NotificationOutbox a = new PostgresqlNotificationOutbox(nodeA, leaseA);
        NotificationOutbox b = new PostgresqlNotificationOutbox(nodeB, leaseB);
        for (int i = 0; i < ITEMS; i++) {
            a.enqueue("n" + i, "sip:+1@example.com", new byte[] {(byte) i}, T0);
        }
        Map<String, List<String>> takenBy = drainConcurrently(
            node -> (node.equals("node-a") ? a : b).claimDue(clock.instant(), 7).stream()
                .map(NotificationOutbox.Entry::id).toList(),
            id -> {
                b.markSent(id, 1);
                return null;
            });
        assertEachOnceAndBothWorked(takenBy);
        assertThat(a.count(NotificationOutbox.State.SENT)).isEqualTo(ITEMS);
    }

    @Test
    void theDeferredQueueExpiryOfTwoNodesTakesEveryEntryExactlyOnce() throws Exception {
        DeferredQueue a = new PostgresqlDeferredQueue(nodeA, leaseA);
        DeferredQueue b = new PostgresqlDeferredQueue(nodeB, leaseB);
        for (int i = 0; i < ITEMS; i++) {
            a.add(DeferredQueueContractTest.entry("alice@example.com", "k" + i, T0.minusSeconds(1)));
        }
        Map<Long, List<String>> takenBy = drainConcurrently(
            node -> (node.equals("node-a") ? a : b).claimExpired(clock.instant(), 7).stream()
                .map(DeferredQueue.Entry::id).toList(),
            id -> {
                a.remove(id);
                return null;
            });
        assertEachOnceAndBothWorked(takenBy);
    }

    @Test
    void idleHeldSessionsOfTwoNodesAreAssembledExactlyOnce() throws Exception {
        CpmStateStore a = new PostgresqlCpmStateStore(nodeA, leaseA);
        CpmStateStore b = new PostgresqlCpmStateStore(nodeB, leaseB);
        for (int i = 0; i < ITEMS; i++) {
            a.openSession(new CpmStateStore.HeldSession("alice@example.com", "c" + i, "chat", "info", "in", new byte[0],
                T0.minusSeconds(60)));
        }
        AtomicInteger rounds = new AtomicInteger();
        Map<String, List<String>> takenBy = drainConcurrently(
            node -> rounds.incrementAndGet() > 10_000 ? List.of()
                : (node.equals("node-a") ? a : b).claimIdleSessions(clock.instant()).stream()
                    .map(CpmStateStore.HeldSession::contributionId).limit(7).toList(),
            contribution -> {
                a.deleteSession("alice@example.com", contribution);
                return null;
            });
        assertThat(takenBy).hasSize(ITEMS);
        assertThat(takenBy.values()).allSatisfy(nodes -> assertThat(nodes).hasSize(1));
    }

    @Test
    void theOutboxSendersOfTwoNodesSendEveryNotificationOnceThroughTheRoute() throws Exception {
        NotificationOutbox a = new PostgresqlNotificationOutbox(nodeA, leaseA);
        NotificationOutbox b = new PostgresqlNotificationOutbox(nodeB, leaseB);
        for (int i = 0; i < ITEMS; i++) {
            a.enqueue("n" + i, "sip:+1@example.com", ("object " + i).getBytes(), T0);
        }
        Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
        OutboundRoute counting = new OutboundRoute() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public void send(byte[] object, String envelopeRecipient) {
                sent.computeIfAbsent(new String(object), k -> new AtomicInteger()).incrementAndGet();
            }
        };
        OutboundRoutes routes = new OutboundRoutes(() -> Optional.of(counting), Optional::empty);
        OutboxSettings settings = OutboxSettings.from(key -> null);
        List<OutboxSender> senders = List.of(new OutboxSender(a, routes, settings, clock),
            new OutboxSender(b, routes, settings, clock));
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (OutboxSender sender : senders) {
                runs.add(nodes.submit(() -> {
                    int total = 0;
                    for (int round = 0; round < 50; round++) {
                        total += sender.drain();
                    }
                    return total;
                }));
            }
            assertThat(runs.get(0).get() + runs.get(1).get()).isEqualTo(ITEMS);
        } finally {
            nodes.shutdownNow();
        }
        assertThat(sent).hasSize(ITEMS);
        assertThat(sent.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(a.count(NotificationOutbox.State.SENT)).isEqualTo(ITEMS);
    }

    @Test
    void whatADeadNodeClaimedIsTakenByAnotherNodeAfterTheLease() {
        ExpiryIndex a = new PostgresqlExpiryIndex(nodeA, leaseA);
        ExpiryIndex b = new PostgresqlExpiryIndex(nodeB, leaseB);
        a.put(new ExpiryIndex.Entry("alice@example.com", "mb1", 1, T0.minusSeconds(1)));
        NotificationOutbox outboxA = new PostgresqlNotificationOutbox(nodeA, leaseA);
        NotificationOutbox outboxB = new PostgresqlNotificationOutbox(nodeB, leaseB);
        outboxA.enqueue("n1", "sip:+1@example.com", new byte[] {1}, T0);
        DeferredQueue queueA = new PostgresqlDeferredQueue(nodeA, leaseA);
        DeferredQueue queueB = new PostgresqlDeferredQueue(nodeB, leaseB);
        long pushed = queueA.add(DeferredQueueContractTest.entry("alice@example.com", "k1", T0.plusSeconds(3600))).id();
        long expiring = queueA.add(DeferredQueueContractTest.entry("alice@example.com", "k2", T0.minusSeconds(1))).id();

        // node A claims, then dies (no remove, no markSent, no release)
        assertThat(a.claimExpired(clock.instant(), 10)).hasSize(1);
        assertThat(outboxA.claimDue(clock.instant(), 10)).hasSize(1);
        assertThat(queueA.claimForPush(pushed)).isTrue();
        assertThat(queueA.claimExpired(clock.instant(), 10)).extracting(DeferredQueue.Entry::id).containsExactly(expiring);

        // while the lease lasts, node B takes none of it
        clock.advance(Duration.ofMinutes(4));
        assertThat(b.claimExpired(clock.instant(), 10)).isEmpty();
        assertThat(outboxB.claimDue(clock.instant(), 10)).isEmpty();
        assertThat(queueB.claimForPush(pushed)).isFalse();
        assertThat(queueB.claimExpired(clock.instant(), 10)).isEmpty();

        // once it ended, node B takes every item, and node A (back as a new node) does not get them again
        clock.advance(Duration.ofMinutes(1));
        assertThat(b.claimExpired(clock.instant(), 10)).extracting(ExpiryIndex.Entry::uid).containsExactly(1L);
        assertThat(outboxB.claimDue(clock.instant(), 10)).extracting(NotificationOutbox.Entry::id).containsExactly("n1");
        assertThat(queueB.claimForPush(pushed)).isTrue();
        assertThat(queueB.claimExpired(clock.instant(), 10)).extracting(DeferredQueue.Entry::id).containsExactly(expiring);
        ClusterLease restartedA = new ClusterLease("node-a2", Duration.ofMinutes(5), clock);
        assertThat(new PostgresqlExpiryIndex(nodeA, restartedA).claimExpired(clock.instant(), 10)).isEmpty();
        assertThat(new PostgresqlNotificationOutbox(nodeA, restartedA).claimDue(clock.instant(), 10)).isEmpty();
        assertThat(Optional.of(new PostgresqlDeferredQueue(nodeA, restartedA).claimForPush(pushed))).contains(false);
    }
}
