package org.cpmmss.james.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 stores opened with a write delay (H2's default of a second), as the store's metadata database is: with {@link InlineChunkWrites} installed
 * their commits are serialised and written on the committing thread (no H2 serialisation thread is started) and what
 * they wrote reads back after a reopen; without it, H2 starts its own thread for them.
 */
class InlineChunkWritesTest {
    @TempDir
    Path dir;

    private static long serializationThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.isAlive() && thread.getName().startsWith("H2-serialization")).count();
    }

    /** Opens a store with H2's write delay, commits 20 times, returns how many serialisation threads it started. */
    private long threadsStartedByCommits(String file, boolean inline) {
        long before = serializationThreads();
        try (MVStore store = new MVStore.Builder().fileName(dir.resolve(file).toString()).open()) {
            if (inline) {
                assertThat(InlineChunkWrites.install(store)).as("H2's executors found and taken out").isTrue();
            }
            MVMap<Integer, String> map = store.openMap("rows");
            for (int i = 0; i < 20; i++) {
                map.put(i, "row " + i);
                store.commit();
            }
            return serializationThreads() - before;
        }
    }

    @Test
    void commitsWriteTheirChunksOnTheCommittingThreadAndReadBack() {
        assertThat(threadsStartedByCommits("h2-own.mv.db", false)).as("H2's own serialisation thread").isEqualTo(1);

        assertThat(threadsStartedByCommits("inline.mv.db", true)).isZero();
        try (MVStore reopened = new MVStore.Builder().fileName(dir.resolve("inline.mv.db").toString()).open()) {
            MVMap<Integer, String> map = reopened.openMap("rows");
            assertThat(map.size()).isEqualTo(20);
            assertThat(map.get(19)).isEqualTo("row 19");
        }
    }
}
