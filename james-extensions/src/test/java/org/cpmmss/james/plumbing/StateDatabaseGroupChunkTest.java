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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.cpmmss.james.state.H2CpmStateStore;
import org.cpmmss.recording.port.CpmStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dedupe-key database with group chunks (issue 27): a commit stays in memory until the group's leader writes one
 * chunk for every transaction committed so far and forces the file; a write returns only after that, concurrent
 * writers share the chunk and the force, a read neither writes nor forces. Observed through a probe around the force.
 */
class StateDatabaseGroupChunkTest {
    @TempDir
    Path directory;
    private final AtomicInteger forces = new AtomicInteger();
    private final AtomicBoolean blockNext = new AtomicBoolean();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private StateDatabasePool pool;
    private H2CpmStateStore store;

    @AfterEach
    void close() {
        release.countDown();
        if (store != null) {
            store.close();
        }
        if (pool != null) {
            pool.dispose();
        }
    }

    private Syncable probe(Syncable target) {
        return () -> {
            if (blockNext.compareAndSet(true, false)) {
                entered.countDown();
                try {
                    release.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            target.sync();
            forces.incrementAndGet();
        };
    }

    @Test
    void aDedupeKeyReturnsOnlyOnceItsChunkIsWrittenAndForcedAndAReadForcesNothing() throws Exception {
        store = new H2CpmStateStore(directory.toFile(), this::probe);
        StateDatabasePool statePool = StateDatabasePool.open().stream()
            .filter(p -> p.file().startsWith(directory)).findFirst().orElseThrow();

        for (int i = 0; i < 3; i++) {
            int before = forces.get();
            store.markPending("+33600000001@cpm", "imdn:" + i, "INBOX", 7, i);
            // nothing committed is left outside a forced chunk once the write has returned
            assertThat(statePool.unforcedWrites()).isZero();
            assertThat(forces.get() - before).isEqualTo(1);
            store.markDone("+33600000001@cpm", "imdn:" + i, "INBOX", 7, i + 1);
            assertThat(statePool.unforcedWrites()).isZero();
            assertThat(forces.get() - before).isEqualTo(2);
        }
        int before = forces.get();
        long writesBefore = ReopenableFileSystem.writes(statePool.file());
        assertThat(store.recorded("+33600000001@cpm", "imdn:2")).map(CpmStateStore.Recorded::state)
            .contains(CpmStateStore.State.DONE);
        assertThat(forces.get()).isEqualTo(before);
        assertThat(ReopenableFileSystem.writes(statePool.file())).isEqualTo(writesBefore);
    }

    @Test
    void concurrentWritersShareOneChunkAndOneForceAndEveryCommitIsInTheFileAfterwards() throws Exception {
        pool = StateDatabases.groupCommittedPool(directory.resolve("state").toFile(), 200, this::probe);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE dedupe(okey VARCHAR PRIMARY KEY, state VARCHAR NOT NULL)");
        }
        int writers = 8;
        int forcesBefore = forces.get();
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
            blockNext.set(true);
            List<Future<?>> results = new ArrayList<>();
            results.add(threads.submit(() -> record("first")));
            assertThat(entered.await(1, TimeUnit.MINUTES)).isTrue();
            for (int i = 1; i < writers; i++) {
                String key = "key-" + i;
                results.add(threads.submit(() -> record(key)));
            }
            // every writer has committed (a reader sees the rows) but none has returned: their chunk is not forced
            await().atMost(Duration.ofMinutes(1)).until(() -> rows() == writers);
            assertThat(results).noneMatch(Future::isDone);

            release.countDown();
            for (Future<?> result : results) {
                result.get(1, TimeUnit.MINUTES);
            }
            // the first writer's group, then one group for the seven that committed while it was held
            assertThat(forces.get() - forcesBefore).isEqualTo(2);
            assertThat(pool.unforcedWrites()).isZero();
        } finally {
            threads.shutdownNow();
        }
        pool.dispose();
        // opened again from the file: every acknowledged commit is there
        pool = StateDatabases.groupCommittedPool(directory.resolve("state").toFile(), 200, this::probe);
        assertThat(rows()).isEqualTo(writers);
    }

    private Void record(String key) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO dedupe KEY(okey) VALUES (?, 'DONE')")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
            c.commit();
        }
        return null;
    }

    private long rows() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM dedupe")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
