package org.cpmmss.james.store.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.cpmmss.james.store.api.StoreException;

/**
 * The H2 database holding the store's metadata ({@code meta.mv.db}), used through plain JDBC, and the schema.
 * H2 with {@code WRITE_DELAY=0} writes a chunk per commit but never forces it; {@link #sync} forces the database file
 * through a channel of our own (fsync applies to the file, whichever descriptor wrote it).
 */
public final class MetadataDatabase implements Syncable, AutoCloseable {
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS folder(id BIGINT AUTO_INCREMENT PRIMARY KEY, namespace VARCHAR NOT NULL,"
            + " owner VARCHAR NOT NULL, name VARCHAR NOT NULL, uid_validity BIGINT NOT NULL,"
            + " last_uid BIGINT NOT NULL, highest_modseq BIGINT NOT NULL, UNIQUE(namespace, owner, name))",
        "CREATE TABLE IF NOT EXISTS blob(id BIGINT AUTO_INCREMENT PRIMARY KEY, digest BINARY(32) NOT NULL UNIQUE,"
            + " segment BIGINT NOT NULL, pos BIGINT NOT NULL, length INT NOT NULL, refs INT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS blob_segment ON blob(segment, pos)",
        "CREATE TABLE IF NOT EXISTS message(folder_id BIGINT NOT NULL, uid BIGINT NOT NULL, modseq BIGINT NOT NULL,"
            + " flags INT NOT NULL, keywords VARCHAR NOT NULL, internal_date BIGINT NOT NULL, save_date BIGINT NOT NULL,"
            + " message_id VARCHAR NOT NULL, thread_id VARCHAR, media_type VARCHAR, sub_type VARCHAR, line_count BIGINT,"
            + " mime_props VARCHAR NOT NULL, header_blob BIGINT NOT NULL, body_blob BIGINT NOT NULL,"
            + " PRIMARY KEY(folder_id, uid))",
        "CREATE INDEX IF NOT EXISTS message_modseq ON message(folder_id, modseq)",
        "CREATE INDEX IF NOT EXISTS message_header_blob ON message(header_blob)",
        "CREATE INDEX IF NOT EXISTS message_body_blob ON message(body_blob)",
        "CREATE TABLE IF NOT EXISTS annotation(folder_id BIGINT NOT NULL, entry VARCHAR NOT NULL,"
            + " entry_key VARCHAR NOT NULL, entry_value VARCHAR NOT NULL, PRIMARY KEY(folder_id, entry_key))",
        "CREATE TABLE IF NOT EXISTS folder_keyword(folder_id BIGINT NOT NULL, keyword VARCHAR NOT NULL,"
            + " PRIMARY KEY(folder_id, keyword))",
        "CREATE TABLE IF NOT EXISTS subscription(owner VARCHAR NOT NULL, folder_name VARCHAR NOT NULL,"
            + " PRIMARY KEY(owner, folder_name))",
    };

    private final String url;
    private final Path file;
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private final FileChannel forcer;

    private MetadataDatabase(String url, Path file, int poolSize, StoreFiles files) throws SQLException, IOException {
        this.url = url;
        this.file = file;
        this.idle = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            Connection connection = DriverManager.getConnection(url);
            all.add(connection);
            idle.add(connection);
        }
        this.forcer = files.openReadable(file);
    }

    /**
     * Opens (creating if needed) {@code dir/meta.mv.db}. {@code retentionMillis} is H2's RETENTION_TIME: how long
     * old chunks are kept before their space is reused (every commit is forced here, so it can be short).
     */
    public static MetadataDatabase open(Path dir, int poolSize, int retentionMillis) {
        return open(dir, poolSize, retentionMillis, StoreFiles.DISK);
    }

    /** As {@link #open(Path, int, int)}, the database file written through {@code files}. */
    public static MetadataDatabase open(Path dir, int poolSize, int retentionMillis, StoreFiles files) {
        Path base = dir.toAbsolutePath().resolve("meta");
        String url = files.databaseUrl(base) + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;RETENTION_TIME=" + retentionMillis
            + ";DB_CLOSE_ON_EXIT=FALSE";
        try {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                for (String ddl : SCHEMA) {
                    s.execute(ddl);
                }
            }
            return new MetadataDatabase(url, Path.of(base + ".mv.db"), poolSize, files);
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot open metadata database " + base, e);
        }
    }

    public Connection borrow() {
        try {
            return idle.take();
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
        idle.add(connection);
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
            if (!all.contains(connection)) {
                closeQuietly(connection);
                return true;
            }
            if (valid(connection)) {
                idle.add(connection);
                return false;
            }
            List<Connection> dead = new ArrayList<>(all);
            dead.forEach(MetadataDatabase::closeQuietly);
            idle.clear();
            all.clear();
            for (Connection old : dead) {
                Connection next = old;
                try {
                    next = DriverManager.getConnection(url);
                } catch (SQLException stillFailing) {
                    // the database cannot be opened yet: the closed connection stands in until the next failure
                }
                all.add(next);
                idle.add(next);
            }
            return true;
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

    /** Forces the database file (fdatasync). */
    @Override
    public void sync() throws IOException {
        forcer.force(false);
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
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
