package org.cpmmss.james.plumbing;

import java.io.File;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.cpmmss.james.plumbing.Syncable;

/**
 * The embedded H2 databases holding cpm-mss's own state (dedupe keys, sessions, notifications, outbox, expiry index,
 * deferred queue), one file each under the data directory, all opened the same way:
 * <ul>
 *   <li>{@code WRITE_DELAY=0}: a commit is written before it returns (an acknowledged object survives SIGKILL), and
 *       the pool forces the file before a connection's close returns ({@link StateDatabasePool}: an acknowledged
 *       object survives a power loss too);</li>
 *   <li>the {@code async:} file system: a thread interrupted during file I/O (a timed-out health check, a stopping
 *       executor) does not close the database, as it would through a plain {@code FileChannel} (found by the soak
 *       drill, docs/benchmarks.md) — same files and format as {@code file:};</li>
 *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: the server closes them in its own shutdown order;</li>
 *   <li>the {@link ReopenableFileSystem} prefix: after a failed write (a full disk) the database can be re-opened
 *       although H2 left its file locked ({@link StateDatabasePool} re-opens it);</li>
 *   <li>{@code RETENTION_TIME=1000}: the space of a chunk no longer used is written over after 1 s instead of H2's
 *       45 s. Every commit writes a new chunk, so with 45 s the file grew by 45 s of commits (a 1 KiB object cost
 *       about 40 KB of file under load, docs/benchmarks.md); H2's retention only guards against a disk that delays
 *       writes for that long, and a SIGKILL leaves every write done in the operating system's cache;</li>
 *   <li>dead chunks rewritten and free space given back while the database serves
 *       ({@link StateDatabaseMaintenance}, every second);</li>
 *   <li>{@code MAX_COMPACT_TIME=0} (the group-committed database only; the others keep H2's default close-time
 *       compaction: without it, a database reopened after a SIGKILL during online compaction and closed again
 *       was found corrupted at the next open, {@code StateDatabaseCompactionTest}): H2 does not compact the file when the database closes. Its own close-time
 *       compaction is bounded only between steps of up to 16 MiB, each forced: the dedupe keys' database took 5.7 s
 *       to close after a 30-minute soak with a 500 ms budget (docs/benchmarks.md, issue 22). Instead the pool
 *       rewrites mostly-dead chunks itself before it closes, in steps of 256 KiB, for at most the close budget given
 *       here ({@link StateDatabasePool#dispose}); the rest is reclaimed online after the next start.</li>
 * </ul>
 */
public final class StateDatabases {
    /** Close-time compaction budget of a state database that does not ask for another one. */
    static final int DEFAULT_CLOSE_COMPACTION_MILLIS = 100;

    private StateDatabases() {
    }

    /** The JDBC URL of the state database stored in {@code file} (H2 adds {@code .mv.db}). */
    public static String url(File file) {
        ReopenableFileSystem.install();
        return "jdbc:h2:" + ReopenableFileSystem.SCHEME + ":async:" + file.getAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;RETENTION_TIME=1000";
    }

    /**
     * A connection pool on that database that hands out only live connections: after H2 closed the database on a
     * failed write (a full disk), the next request re-opens it ({@link StateDatabasePool}).
     */
    public static StateDatabasePool pool(File file) {
        return pool(file, DEFAULT_CLOSE_COMPACTION_MILLIS);
    }

    /** As {@link #pool(File)}, compacting the file for up to {@code maxCompactMillis} when the database closes. */
    public static StateDatabasePool pool(File file, int maxCompactMillis) {
        return new StateDatabasePool(url(file), databaseFile(file), UnaryOperator.identity(), false, true,
            maxCompactMillis);
    }

    /**
     * As {@link #pool(File, int)}, with group chunks: the database runs with H2's write delay (1 s, its background
     * writer also compacts chunks below a 70 % fill rate, as the message store's metadata), so a JDBC commit writes
     * nothing; when a writer's connection is given back, the group commit's leader writes one chunk for every
     * transaction committed so far and forces it. For the database written on every stored object (the dedupe keys):
     * concurrent deliveries share the chunk and the force instead of writing a chunk per commit.
     * {@code RETENTION_TIME=0}: the space of a chunk killed by a newer one is reused as soon as the newer one is forced
     * ({@link ChunkReuseGuard}) rather than after a second, which kept the last second of dead chunks for nothing
     * (docs/benchmarks.md, "Issue 22: metadata churn") and did not cover a force slower than that. {@code COMPRESS=TRUE}:
     * LZF-compressed pages (split at 64 KiB), the file a third to half the size in the same soaks.
     */
    public static StateDatabasePool groupCommittedPool(File file, int maxCompactMillis) {
        return groupCommittedPool(file, maxCompactMillis, UnaryOperator.identity(), true);
    }

    /**
     * As {@link #groupCommittedPool(File, int)}, with the force wrapped by {@code forceProbe} (tests observe it) and
     * without background compaction (its forces would mix with the ones the test counts).
     */
    public static StateDatabasePool groupCommittedPool(File file, int maxCompactMillis, UnaryOperator<Syncable> forceProbe) {
        return groupCommittedPool(file, maxCompactMillis, forceProbe, false);
    }

    private static StateDatabasePool groupCommittedPool(File file, int maxCompactMillis,
                                                        UnaryOperator<Syncable> forceProbe, boolean maintained) {
        ReopenableFileSystem.install();
        String url = "jdbc:h2:" + ReopenableFileSystem.SCHEME + ":async:" + file.getAbsolutePath()
            + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=1000;AUTO_COMPACT_FILL_RATE=70;RETENTION_TIME=0;COMPRESS=TRUE;MAX_COMPACT_TIME=0";
        return new StateDatabasePool(url, databaseFile(file), forceProbe, true, maintained, maxCompactMillis);
    }

    /**
     * As {@link #pool(File)}, with the force of the database file wrapped by {@code forceProbe} (tests observe it),
     * and without background compaction (its forces would mix with the ones the test counts).
     */
    public static StateDatabasePool pool(File file, UnaryOperator<Syncable> forceProbe) {
        return new StateDatabasePool(url(file), databaseFile(file), forceProbe, false);
    }

    private static Path databaseFile(File file) {
        return Path.of(file.getAbsolutePath() + ".mv.db");
    }
}
