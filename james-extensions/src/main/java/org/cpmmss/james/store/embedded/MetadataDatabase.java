package org.cpmmss.james.store.embedded;

import org.cpmmss.james.plumbing.ChunkMoves;
import org.cpmmss.james.plumbing.ChunkReuseGuard;
import org.cpmmss.james.plumbing.InlineChunkWrites;
import org.cpmmss.james.plumbing.ReopenableFileSystem;
import org.cpmmss.james.plumbing.Syncable;
import org.cpmmss.james.plumbing.UnforcedWrites;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;

import org.cpmmss.james.store.api.StoreException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H2 database holding the store's metadata ({@code meta.mv.db}), used through plain JDBC, and the schema.
 * A JDBC commit only commits in memory (H2 runs with a write delay, its background thread also compacts the file);
 * {@link #sync}, run by the group-commit leader, writes one H2 chunk for every transaction committed so far and
 * forces the file through a channel of our own (fsync applies to the file, whichever descriptor wrote it); the
 * space of the chunks a forced chunk killed is reused only after that force ({@link ChunkReuseGuard}). With a
 * write delay of 0 H2 writes a chunk per commit instead (the layout before issue 22's disk work, kept for
 * measurement).
 */
public final class MetadataDatabase implements Syncable, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(MetadataDatabase.class);
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS folder(id BIGINT AUTO_INCREMENT PRIMARY KEY, namespace VARCHAR NOT NULL,"
            + " owner VARCHAR NOT NULL, name VARCHAR NOT NULL, uid_validity BIGINT NOT NULL,"
            + " last_uid BIGINT NOT NULL, highest_modseq BIGINT NOT NULL, UNIQUE(namespace, owner, name))",
        // the UID below which a message's \Recent bit no longer counts (RecentFloors); stores created before get 0
        "ALTER TABLE folder ADD COLUMN IF NOT EXISTS recent_floor BIGINT DEFAULT 0 NOT NULL",
        // a blob's SHA-256 is no longer kept under a unique index, only its tag (BlobDigestDrop moves a store written
        // before into this layout)
        BlobDigestDrop.TABLE,
        "CREATE INDEX IF NOT EXISTS blob_segment ON blob(segment, pos)",
        // what never changes of a message; what does (flags, keywords, MODSEQ) is in message_flags, a narrow row a
        // flag change rewrites (MessageFlagsSplit moves a store written before into this layout)
        "CREATE TABLE IF NOT EXISTS message(folder_id BIGINT NOT NULL, uid BIGINT NOT NULL,"
            + " internal_date BIGINT NOT NULL, save_date BIGINT NOT NULL,"
            + " message_id VARCHAR NOT NULL, thread_id VARCHAR, media_type VARCHAR, sub_type VARCHAR, line_count BIGINT,"
            + " mime_props VARCHAR NOT NULL, header_blob BIGINT NOT NULL, body_blob BIGINT NOT NULL,"
            + " PRIMARY KEY(folder_id, uid))",
        MessageFlagsSplit.TABLE,
        // no index on a message's blobs (an append paid two index writes for them; only recovery after a torn tail
        // looks messages up by blob, in one pass): dropped from stores created before
        "DROP INDEX IF EXISTS message_header_blob",
        "DROP INDEX IF EXISTS message_body_blob",
        "CREATE TABLE IF NOT EXISTS annotation(folder_id BIGINT NOT NULL, entry VARCHAR NOT NULL,"
            + " entry_key VARCHAR NOT NULL, entry_value VARCHAR NOT NULL, PRIMARY KEY(folder_id, entry_key))",
        "CREATE TABLE IF NOT EXISTS folder_keyword(folder_id BIGINT NOT NULL, keyword VARCHAR NOT NULL,"
            + " PRIMARY KEY(folder_id, keyword))",
        "CREATE TABLE IF NOT EXISTS subscription(owner VARCHAR NOT NULL, folder_name VARCHAR NOT NULL,"
            + " PRIMARY KEY(owner, folder_name))",
        // recorded_key, recorded_folder and recorded_key_more: RecordedKeyRows, after the other moves
    };

    private static final int QUERY_CACHE = 64;

    private final String url;
    private final Path file;
    private final BlockingDeque<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private final FileChannel forcer;
    private final StoreFiles files;
    private final UnforcedWrites unforced;
    private volatile MVStore chunks;
    /** Set when {@link #close} starts: a failure reported from then on never opens the database again. */
    private volatile boolean closed;
    private final ChunkReuseGuard reuse = new ChunkReuseGuard();
    private volatile Runnable onUnforcedLost = () -> { };
    /** Awaited between a sync's chunk write and its file force: the segment force started alongside, if any. */
    private volatile Syncable beforeFileForce = () -> { };

    private MetadataDatabase(String url, Path file, int poolSize, StoreFiles files) throws SQLException, IOException {
        this.url = url;
        this.file = file;
        this.files = files;
        this.unforced = ReopenableFileSystem.trackUnforced(file);
        this.idle = new LinkedBlockingDeque<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            Connection connection = DriverManager.getConnection(url);
            all.add(connection);
            idle.add(connection);
        }
        this.forcer = files.openReadable(file);
        this.chunks = mvStoreOf(all.get(0));
        InlineChunkWrites.install(chunks);
        reuse.opened(chunks);
        // the file as opened is the state a failed force goes back to: forced once, and whatever an earlier opening
        // in this process left recorded is forgotten
        forceFile();
    }

    /** Forces {@code meta.mv.db} (fdatasync): what was written to it before is on the disk and stays. */
    private void forceFile() throws IOException {
        long written = unforced.mark();
        forcer.force(false);
        unforced.forcedUpTo(written);
    }

    private static MVStore mvStoreOf(Connection connection) throws SQLException {
        SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        return session.getDatabase().getStore().getMvStore();
    }

    /**
     * Opens (creating if needed) {@code dir/meta.mv.db}. {@code retentionMillis} is H2's RETENTION_TIME: how long
     * dead chunks are kept before their space is reused, on top of the rule kept here that a chunk is reused only
     * once the chunk that killed it is forced ({@link ChunkReuseGuard}), so the store runs with 0;
     * {@code writeDelayMillis} is H2's WRITE_DELAY: the period of its background writer, which also compacts
     * chunks below the fill rate ({@code AUTO_COMPACT_FILL_RATE}); 0 makes every JDBC commit write its own chunk.
     */
    public static MetadataDatabase open(Path dir, int poolSize, int retentionMillis, int writeDelayMillis,
                                        int compactFillRate) {
        return open(dir, poolSize, retentionMillis, writeDelayMillis, compactFillRate, StoreFiles.DISK);
    }

    /** As {@link #open(Path, int, int, int, int)}, the database file written through {@code files}. */
    public static MetadataDatabase open(Path dir, int poolSize, int retentionMillis, int writeDelayMillis,
                                        int compactFillRate, StoreFiles files) {
        Path base = dir.toAbsolutePath().resolve("meta");
        String url = files.databaseUrl(base) + ";WRITE_DELAY=" + writeDelayMillis + ";LOCK_TIMEOUT=10000;RETENTION_TIME="
            + retentionMillis + ";AUTO_COMPACT_FILL_RATE=" + compactFillRate + ";DB_CLOSE_ON_EXIT=FALSE"
            // the store runs a few dozen distinct statements per connection: H2 keeps 8 parsed ones by default, and
            // parsing again was 2-3 % of an APPEND's CPU (docs/benchmarks.md, "append path")
            + ";QUERY_CACHE_SIZE=" + QUERY_CACHE
            // pages LZF-compressed (H2 then splits pages at 64 KiB): the live pages take a third to a half of the
            // space, and so do the chunks waiting for compaction (docs/benchmarks.md, "Issue 22: metadata churn")
            + ";COMPRESS=TRUE"
            // no compaction when the database closes: H2 2.2's close-time compaction moved chunks and then marked the
            // file cleanly closed without committing the moved chunks' new places; with RETENTION_TIME=0 the next
            // open found a chunk it had been told to trust overwritten and fell back to an older version of the
            // database: a quarter of clean stops after a short burst of writes lost the last forced commits
            // (MetadataCloseTest). The maintenance thread reclaims space while the store runs instead.
            + ";MAX_COMPACT_TIME=0";
        try {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                for (String ddl : SCHEMA) {
                    s.execute(ddl);
                }
                MessageFlagsSplit.apply(c);
                BlobDigestDrop.apply(c);
                RecordedKeyRows.apply(c);
                BlobPlaces.apply(c);
            }
            return new MetadataDatabase(url, Path.of(base + ".mv.db"), poolSize, files);
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot open metadata database " + base, e);
        }
    }

    public Connection borrow() {
        if (closed) {
            throw new StoreException("the metadata database " + file + " is closed");
        }
        try {
            return idle.takeFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a database connection", e);
        }
    }

    public void giveBack(Connection connection) {
        synchronized (all) {
            if (!all.contains(connection)) {
                // a connection of a database that was closed and opened again meanwhile
                closeQuietly(connection);
                return;
            }
        }
        // the most recently used connection is borrowed next (a stack, not a queue): its H2 session keeps the
        // statements it prepared and the last result of each, which H2 answers again without running the statement
        // when nothing was written since (a device's body pass after its header pass lists the same rows)
        idle.addFirst(connection);
    }

    /**
     * Takes back a connection whose work failed. If H2 closed the database (it does when a write fails: a full disk),
     * every pooled connection is dead: all are closed, so that H2 lets go of the database, and new ones open it again
     * (below the {@code reopenable:} prefix, {@link StoreFiles}) — no restart needed once space is back. Where a new
     * connection cannot be opened yet, a closed one takes its place: its first use fails and tries again.
     *
     * @return true when the database was opened again (by this call or another one meanwhile): the work may be retried
     */
    public boolean recoverAfterFailure(Connection connection) {
        synchronized (all) {
            if (closed) {
                // the store closes: work still running (the recorded keys' reader) fails; opening the database again
                // here would hold its file after the close, for whoever opens it next
                closeQuietly(connection);
                return false;
            }
            if (!all.contains(connection)) {
                closeQuietly(connection);
                return true;
            }
            if (!chunks.isClosed() && valid(connection)) {
                idle.add(connection);
                return false;
            }
            List<Connection> dead = new ArrayList<>(all);
            dead.forEach(MetadataDatabase::closeQuietly);
            idle.clear();
            all.clear();
            // what the closed database held only in memory is gone: writers still waiting for a force of it must fail
            // (told before a connection of the new database is handed out)
            onUnforcedLost.run();
            if (chunks.isClosed()) {
                // nor may what H2 wrote of it to the file before closing be read back (a failed write's writer resends)
                unforced.forceFailed();
            }
            boolean fileReady = takeBackUnforcedWrites();
            for (Connection old : dead) {
                Connection next = old;
                try {
                    if (fileReady) {
                        next = DriverManager.getConnection(url);
                    }
                } catch (SQLException stillFailing) {
                    // the database cannot be opened yet: the closed connection stands in until the next failure
                }
                all.add(next);
                idle.add(next);
                if (next != old) {
                    try {
                        chunks = mvStoreOf(next); // the store H2 opened again: the leader's chunk writes go there
                        InlineChunkWrites.install(chunks);
                        reuse.opened(chunks);
                    } catch (SQLException e) {
                        // keep the old one: its next use fails and the work is retried
                    }
                }
            }
            return true;
        }
    }

    /** Runs {@code action} whenever the database is found closed and opened again (see {@link #recoverAfterFailure}). */
    public void whenUnforcedLost(Runnable action) {
        this.onUnforcedLost = action;
    }

    /**
     * After a failed force: shuts the database down without writing anything ({@code SHUTDOWN IMMEDIATELY}), so that
     * the transactions committed only in memory since the last forced chunk are dropped instead of being written by the
     * next chunk (their writers are told the write failed). The pooled connections then fail at their next use and
     * {@link #recoverAfterFailure} opens the database again from the file.
     */
    public void dropUnforced() {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException e) {
            // H2 closes the connection it shuts down with: the database is closed, which is what was asked
        }
        // the chunks H2 wrote since the last force (the failed force's own among them) are taken back now, or, while
        // the disk still fails, before the database is opened again (recoverAfterFailure)
        unforced.forceFailed();
        takeBackUnforcedWrites();
    }

    /**
     * Brings {@code meta.mv.db} back to its last forced state when a force failed ({@link UnforcedWrites}); the
     * database must be closed. Returns false when that is still owed (the disk still fails): the database must not be
     * opened on the file meanwhile.
     */
    private boolean takeBackUnforcedWrites() {
        if (!unforced.pending()) {
            return true;
        }
        try (FileChannel channel = files.openWritable(file, false)) {
            unforced.takeBack(channel);
            LOGGER.warn("Metadata database {}: the writes not forced before a failed force were taken back", file);
            return true;
        } catch (IOException e) {
            LOGGER.warn("Metadata database {}: the writes not forced before a failed force cannot be taken back yet: {}",
                file, e.toString());
            return false;
        }
    }

    /** A live connection answers a query (H2's {@code isValid} still answers true once the database was closed). */
    private static boolean valid(Connection connection) {
        try (Statement probe = connection.createStatement()) {
            probe.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // a connection of a database H2 already closed
        }
    }

    /**
     * Makes every {@link #sync} wait for {@code before} after writing its chunk and before forcing the file (the
     * store passes the wait for the segment force its group-commit leader started alongside the chunk write).
     */
    void forceFileAfter(Syncable before) {
        this.beforeFileForce = before;
    }

    /**
     * Writes one chunk holding every transaction committed so far (nothing when H2 has already written them), waits
     * for what {@link #forceFileAfter} named, then forces the database file (fdatasync).
     */
    @Override
    public void sync() throws IOException {
        MVStore store = chunks;
        // the chunks this one kills are written over only after its force, whatever RETENTION_TIME says
        reuse.writeAndForce(store, () -> writeAndForce(store));
    }

    private void writeAndForce(MVStore store) throws IOException {
        try {
            store.commit();
        } catch (RuntimeException e) {
            // the chunk write failed (a full disk): H2 closes its store; the writers get a storage failure
            throw new IOException("writing the metadata chunk failed", e);
        }
        if (store.isClosed()) {
            // H2 closes its store when a write fails (a full disk), and a commit on a closed store returns quietly:
            // what was committed in memory since the last chunk is not on disk, so nothing may be acknowledged
            throw new IOException("the metadata database was closed after a failed write; nothing since the last"
                + " forced chunk is on disk");
        }
        // the file is forced only once the segment bytes this chunk refers to are: a failed segment force fails this
        // sync before the chunk is made durable, and the group's writers are told so (nothing of them stays)
        beforeFileForce.sync();
        forceFile();
    }

    /**
     * Rewrites the live pages of mostly-dead chunks into a new chunk, written and forced here, when the live share
     * of the chunks (H2's chunk fill rate) is below {@code targetFillRate} percent, rewriting at most
     * {@code maxBytes};
     * the emptied chunks are reused once RETENTION_TIME has passed. H2's own background compaction runs only while
     * the file is idle, which a busy store never is. Returns whether anything was rewritten.
     */
    public boolean compactChunks(int targetFillRate, int maxBytes) {
        if (chunks.isClosed() || !chunks.compact(targetFillRate, maxBytes)) {
            return false;
        }
        try {
            sync();
        } catch (IOException e) {
            throw new StoreException("cannot force the compacted metadata chunks", e);
        }
        return true;
    }

    /**
     * Shrinks {@code meta.mv.db} when less than {@code minUsedPercent} of it is used by chunks (the rest is free
     * space left by a burst, which H2 reuses but never gives back): up to {@code maxMoveBytes} of the last chunks
     * move into the free space and the file is truncated ({@link ChunkMoves}), forced before it returns. Returns
     * whether it ran.
     */
    public boolean shrinkFile(int minUsedPercent, long minBytes, long maxMoveBytes) {
        if (chunks.isClosed() || forcerSize() < minBytes || !ChunkMoves.shrink(chunks, minUsedPercent, maxMoveBytes)) {
            return false;
        }
        try {
            sync();
        } catch (IOException e) {
            throw new StoreException("cannot force the shrunk metadata file", e);
        }
        return true;
    }

    private long forcerSize() {
        try {
            return forcer.size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Percentage of the chunks' space that holds live pages. */
    public int chunkFillRate() {
        return chunks.getFileStore().getChunksFillRate();
    }

    /** The current size of {@code meta.mv.db} in bytes. */
    public long fileSize() throws IOException {
        return forcer.size();
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        synchronized (all) {
            closed = true;
        }
        reuse.release(chunks);
        try {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        } catch (SQLException e) {
            // already closed
        }
        try {
            synchronized (all) {
                for (Connection connection : all) {
                    connection.close();
                }
            }
            forcer.close();
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot close metadata database", e);
        }
    }
}
