package org.cpmmss.james.plumbing;

import java.lang.reflect.Field;
import java.util.concurrent.ThreadPoolExecutor;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the thread that commits an H2 store serialise and write its chunk itself.
 *
 * <p>With a write delay (our databases run with one: a JDBC commit writes nothing, the group-commit leader writes
 * one chunk for the group), H2 2.4 hands every chunk to two single-thread executors of its own: {@code H2-serialization}
 * turns the changed pages into a buffer, {@code H2-save} writes it, and {@link MVStore#commit()} waits for both. A
 * sequential writer thus paid four thread switches per forced write, and the two threads' wake-ups, for work its own
 * thread was waiting on anyway (docs/benchmarks.md, "Where an APPEND's CPU goes"). With the two executors taken out
 * H2 runs the same code on the calling thread (its path without a write delay): same locks, same order, the chunk on
 * the file before {@code commit()} returns. H2's background writer (idle-time commits and compaction) stays; it then
 * writes its chunks on its own thread too.</p>
 *
 * <p>H2 keeps the executors in private fields; where they are not found (another H2 version) nothing changes and a
 * warning says so.</p>
 */
public final class InlineChunkWrites {
    private static final Logger LOGGER = LoggerFactory.getLogger(InlineChunkWrites.class);
    private static final String[] EXECUTORS = {"serializationExecutor", "bufferSaveExecutor"};

    private InlineChunkWrites() {
    }

    /** Takes H2's chunk serialisation and buffer-saving executors out of {@code store}; returns whether it did. */
    public static boolean install(MVStore store) {
        FileStore<?> fileStore = store.getFileStore();
        if (fileStore == null) {
            return false;
        }
        try {
            for (String name : EXECUTORS) {
                Field field = FileStore.class.getDeclaredField(name);
                field.setAccessible(true);
                ThreadPoolExecutor executor = (ThreadPoolExecutor) field.get(fileStore);
                field.set(fileStore, null);
                if (executor != null) {
                    // a chunk already handed over is still written (and waited for by its committer); a submission
                    // racing with this is refused, and H2 then runs it on the submitting thread
                    executor.shutdown();
                }
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOGGER.warn("H2's chunk executors not found ({}): chunks are written by H2's own threads", e.toString());
            return false;
        }
    }
}
