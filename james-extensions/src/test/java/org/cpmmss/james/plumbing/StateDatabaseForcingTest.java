package org.cpmmss.james.plumbing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.cpmmss.recording.port.CpmStateStore;
import org.cpmmss.james.state.H2CpmStateStore;
import org.cpmmss.james.plumbing.Syncable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cpm state databases follow the store's forced-write rule: a write (a commit, then the connection given back)
 * returns only after a force of the database file that began after the commit had reached the file; concurrent
 * writers share one force; a read forces nothing. Observed through a probe wrapped around the force, as
 * {@code GroupCommitTest} does for the message store.
 */
class StateDatabaseForcingTest {
    /** One force as the probe saw it: the file's write count when it began. */
    record Force(long writesAtStart) {
    }

    @TempDir
    Path directory;
    private final List<Force> forces = new CopyOnWriteArrayList<>();
    private final AtomicBoolean blockNext = new AtomicBoolean();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private StateDatabasePool pool;

    @AfterEach
    void close() {
        release.countDown();
        if (pool != null) {
            pool.dispose();
        }
    }

    private StateDatabasePool open() throws SQLException {
        Path file = directory.resolve("state.mv.db");
        pool = StateDatabases.pool(directory.resolve("state").toFile(), (Syncable target) -> () -> {
            forces.add(new Force(ReopenableFileSystem.writes(file)));
            if (blockNext.compareAndSet(true, false)) {
                entered.countDown();
                try {
                    release.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            target.sync();
        });
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE dedupe(okey VARCHAR PRIMARY KEY, state VARCHAR NOT NULL)");
        }
        return pool;
    }

    /** A store-style write: one transaction on a pooled connection, the connection given back. */
    private void record(String key, AtomicLong writesAfterCommit) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO dedupe KEY(okey) VALUES (?, 'DONE')")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
            c.commit();
            writesAfterCommit.set(ReopenableFileSystem.writes(pool.file()));
        }
    }

    @Test
    void aWriteReturnsOnlyAfterAForceThatBeganAfterItsCommit() throws Exception {
        open();
        for (int i = 0; i < 3; i++) {
            int forcesBefore = forces.size();
            AtomicLong writesAfterCommit = new AtomicLong();

            record("key-" + i, writesAfterCommit);

            List<Force> done = forces.subList(forcesBefore, forces.size());
            assertThat(writesAfterCommit.get()).isGreaterThan(0);
            assertThat(done).hasSize(1);
            assertThat(done.get(0).writesAtStart()).isGreaterThanOrEqualTo(writesAfterCommit.get());
            assertThat(pool.unforcedWrites()).isZero();
        }
    }

    @Test
    void aWriteWaitsWhileItsForceIsHeldAndConcurrentWritersShareOneForce() throws Exception {
        open();
        int writers = 8;
        long forcesBefore = pool.forceCount();
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
            blockNext.set(true);
            List<Future<?>> results = new ArrayList<>();
            results.add(threads.submit(() -> {
                record("first", new AtomicLong());
                return null;
            }));
            assertThat(entered.await(1, TimeUnit.MINUTES)).isTrue();
            for (int i = 1; i < writers; i++) {
                String key = "key-" + i;
                results.add(threads.submit(() -> {
                    record(key, new AtomicLong());
                    return null;
                }));
            }
            // every writer's row is committed (visible to a reader) while the first force is still held
            await().atMost(Duration.ofMinutes(1)).until(() -> rows() == writers);
            assertThat(results).noneMatch(Future::isDone);

            release.countDown();
            for (Future<?> result : results) {
                result.get(1, TimeUnit.MINUTES);
            }
            assertThat(pool.forceCount() - forcesBefore).isEqualTo(2);
            assertThat(pool.unforcedWrites()).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aReadForcesNothing() throws Exception {
        open();
        record("a", new AtomicLong());
        long forcesBefore = pool.forceCount();
        for (int i = 0; i < 5; i++) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM dedupe")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
        assertThat(pool.forceCount()).isEqualTo(forcesBefore);
    }

    @Test
    void theDedupeStoreReturnsOnlyOnceItsKeysAreForced() throws Exception {
        H2CpmStateStore store = new H2CpmStateStore(directory.toFile());
        try {
            StateDatabasePool statePool = StateDatabasePool.open().stream()
                .filter(p -> p.file().startsWith(directory)).findFirst().orElseThrow();
            long forcesBefore = statePool.forceCount();

            store.markPending("+33600000001@cpm", "imdn:1", "INBOX", 7, 0);
            assertThat(statePool.unforcedWrites()).isZero();
            store.markDone("+33600000001@cpm", "imdn:1", "INBOX", 7, 1);
            assertThat(statePool.unforcedWrites()).isZero();

            assertThat(statePool.forceCount() - forcesBefore).isGreaterThanOrEqualTo(2);
            assertThat(store.recorded("+33600000001@cpm", "imdn:1")).map(CpmStateStore.Recorded::state)
                .contains(CpmStateStore.State.DONE);
        } finally {
            store.close();
        }
    }

    /** Counted on a connection of H2's own (not the pool's: giving it back would wait for the held force). */
    private long rows() throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(StateDatabases.url(directory.resolve("state").toFile()));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM dedupe")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
