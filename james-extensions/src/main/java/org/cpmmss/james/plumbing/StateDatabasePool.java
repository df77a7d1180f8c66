package org.cpmmss.james.plumbing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.cpmmss.james.plumbing.Syncable;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.mvstore.MVStore;

/**
 * The connections of one cpm state database, each checked before it is handed out.
 *
 * <p>When a write fails (a full disk) H2 closes the whole database: every pooled connection is dead from then on
 * ("The database has been closed [90098]"), although {@link Connection#isValid(int)} still answers true, and H2's
 * own pool would hand the dead connections out again and again. So a borrowed connection first runs
 * {@code SELECT 1}; if that fails, the whole pool (all its connections are on the closed database) is replaced by a
 * new one, whose first connection re-opens the database from its file with every committed transaction. Once
 * space returns the database thus recovers by itself, without a restart and without a refused request; while the
 * disk is still full the re-open or the write fails and the caller gets that {@link SQLException} (a clean temporary
 * failure). Nothing runs in the background: a re-open is tried only when a request needs one.</p>
 *
 * <p>Forced writes: closing a connection handed out here returns only once what it wrote is forced to disk
 * ({@link ForcedStateFile}, group commit), so a store method that returns after its commit — and the door's answer
 * that follows — comes after an fsync of the database file, as with the message store (docs/store.md). With group
 * chunks ({@link StateDatabases#groupCommittedPool}) the commits of concurrent writers also share one H2 chunk
 * ({@link ForcedStateFile}); a connection is then a writer when it executed anything but a query.</p>
 *
 * <p>Dead space: {@link #compactChunks} and {@link #shrinkFile}, run in the background by
 * {@link StateDatabaseMaintenance}, rewrite mostly-dead H2 chunks and give back free space while the database
 * serves, each forced before it returns (H2 itself compacts only while the file is idle or when it closes).</p>
 */
public final class StateDatabasePool {
    private static final List<StateDatabasePool> OPEN = new CopyOnWriteArrayList<>();
    private final String url;
    private final ForcedStateFile forced;
    private volatile int maxConnections = 10;
    private volatile JdbcConnectionPool pool;
    private final boolean maintained;
    private final int closeCompactionMillis;

    private static final Set<String> STATEMENT_FACTORIES = Set.of("createStatement", "prepareStatement", "prepareCall");

    /** A pool without background compaction. */
    StateDatabasePool(String url, Path file, UnaryOperator<Syncable> forceProbe) {
        this(url, file, forceProbe, false);
    }

    /** {@code maintained}: its dead chunks are rewritten in the background ({@link StateDatabaseMaintenance}). */
    StateDatabasePool(String url, Path file, UnaryOperator<Syncable> forceProbe, boolean maintained) {
        this(url, file, forceProbe, false, maintained);
    }

    /** {@code groupChunks}: concurrent writers' commits share one forced H2 chunk ({@link ForcedStateFile}). */
    StateDatabasePool(String url, Path file, UnaryOperator<Syncable> forceProbe, boolean groupChunks,
                      boolean maintained) {
        this(url, file, forceProbe, groupChunks, maintained, 0);
    }

    /**
     * {@code closeCompactionMillis}: a maintained pool rewrites mostly-dead chunks for at most that long when it is
     * disposed ({@link #dispose}; the URL should carry {@code MAX_COMPACT_TIME=0}, {@link StateDatabases}).
     */
    StateDatabasePool(String url, Path file, UnaryOperator<Syncable> forceProbe, boolean groupChunks,
                      boolean maintained, int closeCompactionMillis) {
        this.url = url;
        this.maintained = maintained;
        this.closeCompactionMillis = closeCompactionMillis;
        this.forced = new ForcedStateFile(file, forceProbe, groupChunks, this::dropUnforced);
        this.pool = newPool();
        OPEN.add(this);
        if (maintained) {
            StateDatabaseMaintenance.maintain(this);
        }
    }

    /** The state databases open in this process (a backup copies those under its data directory). */
    public static List<StateDatabasePool> open() {
        return List.copyOf(OPEN);
    }

    /** The database file ({@code .mv.db}). */
    public Path file() {
        return forced.file();
    }

    /** Number of forces of the file so far (for tests). */
    public long forceCount() {
        return forced.groupCommit().forceCount();
    }

    /** Writes to the file not yet covered by a completed force (0 once every write so far is forced; for tests). */
    public long unforcedWrites() {
        return forced.unforcedWrites();
    }

    /**
     * A live connection; the caller closes it (back to the pool), and that close returns once everything written
     * to the database file so far is forced.
     */
    public Connection getConnection() throws SQLException {
        long writesBefore = forced.beforeUse();
        Connection connection = liveConnection();
        if (forced.groupChunks()) {
            forced.useStore(mvStoreOf(connection));
            return chunkedOnClose(connection, forced.epoch());
        }
        return forcedOnClose(connection, writesBefore);
    }

    private static org.h2.mvstore.MVStore mvStoreOf(Connection connection) throws SQLException {
        SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        return session.getDatabase().getStore().getMvStore();
    }

    /** Group chunks: statements are watched; a connection that executed a write takes a group ticket on close. */
    private Connection chunkedOnClose(Connection connection, long epoch) {
        AtomicBoolean wrote = new AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
                if (method.getName().equals("close") && method.getParameterCount() == 0) {
                    try {
                        connection.close();
                    } finally {
                        if (wrote.get()) {
                            forced.afterWrite(epoch);
                        }
                    }
                    return null;
                }
                Object result = invoke(connection, method, args);
                if (STATEMENT_FACTORIES.contains(method.getName())) {
                    return watched(result, method.getReturnType(), wrote);
                }
                return result;
            });
    }

    private static Object watched(Object statement, Class<?> type, AtomicBoolean wrote) {
        return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {type},
            (proxy, method, args) -> {
                String name = method.getName();
                if (name.startsWith("execute") && !name.equals("executeQuery")) {
                    wrote.set(true);
                }
                return invoke(statement, method, args);
            });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Connection liveConnection() throws SQLException {
        JdbcConnectionPool current = pool;
        try {
            Connection connection = current.getConnection();
            if (alive(connection)) {
                return connection;
            }
        } catch (SQLException dead) {
            // a pooled connection on a closed database fails as it is handed out (its rollback): replaced below
        }
        replace(current);
        return pool.getConnection();
    }

    private Connection forcedOnClose(Connection connection, long writesBefore) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
                if (method.getName().equals("close") && method.getParameterCount() == 0) {
                    try {
                        connection.close();
                    } finally {
                        forced.afterUse(writesBefore);
                    }
                    return null;
                }
                try {
                    return method.invoke(connection, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }

    /**
     * Rewrites the live pages of mostly-dead chunks into a new chunk when the chunks' live share (H2's chunk fill
     * rate) is below {@code targetFillRate} percent, at most {@code maxBytes} of them, and returns once that chunk is
     * written and forced; the emptied chunks are written over after RETENTION_TIME. Returns whether it rewrote.
     */
    public synchronized boolean compactChunks(int targetFillRate, int maxBytes) throws SQLException {
        return withStore(store -> store.getFileStore().getChunksFillRate() < targetFillRate
            && store.compact(targetFillRate, maxBytes));
    }

    /**
     * When the file is above {@code minBytes} and less than {@code minUsedPercent} of it holds chunks (free space
     * left by a burst, which H2 reuses but never gives back), moves up to {@code maxMoveBytes} of the last chunks
     * forward and truncates the file ({@link ChunkMoves}), forced before it returns. Returns whether it ran.
     */
    public synchronized boolean shrinkFile(int minUsedPercent, long minBytes, long maxMoveBytes) throws SQLException {
        return withStore(store -> fileSize() >= minBytes && ChunkMoves.shrink(store, minUsedPercent, maxMoveBytes));
    }

    /** Percentage of the chunks' space that holds live pages (for tests and the soak). */
    public int chunkFillRate() throws SQLException {
        int[] rate = new int[1];
        withStore(store -> {
            rate[0] = store.getFileStore().getChunksFillRate();
            return false;
        });
        return rate[0];
    }

    private long fileSize() {
        try {
            return Files.size(forced.file());
        } catch (IOException e) {
            return 0;
        }
    }

    private interface StoreWork {
        boolean run(MVStore store);
    }

    /** Runs {@code work} on the database's MVStore; when it changed the file, commits and forces before returning. */
    private boolean withStore(StoreWork work) throws SQLException {
        if (!OPEN.contains(this)) {
            return false; // disposed (the server stops): a pass that began before must not touch it
        }
        long writesBefore = forced.beforeUse();
        try (Connection connection = liveConnection()) {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            MVStore store = session.getDatabase().getStore().getMvStore();
            if (store.isClosed() || !work.run(store)) {
                return false;
            }
            store.commit();
            return true;
        } finally {
            forced.afterUse(writesBefore);
        }
    }

    /** At most this many connections are kept open (H2's default is 10). */
    public void setMaxConnections(int max) {
        maxConnections = max;
        pool.setMaxConnections(max);
    }

    /**
     * Closes every connection (server shutdown). A maintained pool first rewrites mostly-dead chunks in bounded steps
     * for at most its close budget (H2's own close-time compaction, off in {@link StateDatabases}' URLs, writes up to
     * 16 MiB per step whatever its budget).
     */
    public synchronized void dispose() {
        StateDatabaseMaintenance.release(this);
        compactBeforeClose();
        OPEN.remove(this);
        forced.releaseChunks();
        pool.dispose();
        forced.close();
    }

    private void compactBeforeClose() {
        if (!maintained || closeCompactionMillis <= 0) {
            return;
        }
        long deadline = System.nanoTime() + closeCompactionMillis * 1_000_000L;
        try {
            while (System.nanoTime() - deadline < 0
                && compactChunks(StateDatabaseMaintenance.FILL_RATE, StateDatabaseMaintenance.MAX_REWRITE)) {
                // one step of at most MAX_REWRITE bytes, forced, per round
            }
        } catch (SQLException | RuntimeException e) {
            // the close goes on: the dead chunks stay until the next start's online maintenance
        }
    }

    /** The database behind {@code dead} was closed: a new pool (connections still borrowed close with the old one). */
    private synchronized void replace(JdbcConnectionPool dead) {
        if (pool == dead) {
            // what the closed database held only in memory is gone: its writers still waiting for a force must fail
            forced.unforcedLost();
            pool = newPool();
            dead.dispose();
        }
    }

    /** After a failed force (group chunks): closes the database without writing; the next use re-opens it. */
    private void dropUnforced() {
        try (Connection c = java.sql.DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException e) {
            // H2 closes the connection it shuts the database down with
        }
    }

    private JdbcConnectionPool newPool() {
        JdbcConnectionPool created = JdbcConnectionPool.create(url, "", "");
        created.setMaxConnections(maxConnections);
        return created;
    }

    private static boolean alive(Connection connection) {
        try (Statement probe = connection.createStatement()) {
            probe.execute("SELECT 1");
            return true;
        } catch (SQLException dead) {
            closeQuietly(connection);
            return false;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // on a closed database
        }
    }
}
