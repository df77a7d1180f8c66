package org.cpmmss.james.state;

import org.cpmmss.recording.port.ExpiryIndex;

import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.annotation.PreDestroy;

import org.cpmmss.james.plumbing.StateDatabasePool;
import org.cpmmss.james.plumbing.StateDatabases;

/**
 * {@link ExpiryIndex} in its own embedded H2 file database ({@code <data>/h2/cpm-deferred},
 * {@code WRITE_DELAY=0}): table {@code cpm_expiry(owner, mailbox_id, uid, expires_at)}, primary key
 * (mailbox_id, uid), indexed by {@code expires_at}. Durable across restarts and SIGKILL.
 */
public class H2ExpiryIndex implements ExpiryIndex, AutoCloseable {
    private final StateDatabasePool pool;

    public H2ExpiryIndex(File dataDirectory) {
        File file = new File(dataDirectory, "h2/cpm-deferred");
        pool = StateDatabases.pool(file);
        pool.setMaxConnections(8);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS cpm_expiry (owner VARCHAR(512) NOT NULL, mailbox_id VARCHAR(255) NOT NULL,"
                + " uid BIGINT NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (mailbox_id, uid))");
            s.execute("CREATE INDEX IF NOT EXISTS cpm_expiry_at ON cpm_expiry (expires_at)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the expiry index " + file, e);
        }
    }

    @Override
    public void put(Entry entry) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
            "MERGE INTO cpm_expiry (owner, mailbox_id, uid, expires_at) KEY (mailbox_id, uid) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, entry.owner().toLowerCase(Locale.ROOT));
            ps.setString(2, entry.mailboxId());
            ps.setLong(3, entry.uid());
            ps.setLong(4, entry.expiresAt().toEpochMilli());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("expiry index write failed", e);
        }
    }

    @Override
    public void putAll(List<Entry> entries) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
            "MERGE INTO cpm_expiry (owner, mailbox_id, uid, expires_at) KEY (mailbox_id, uid) VALUES (?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            try {
                for (Entry entry : entries) {
                    ps.setString(1, entry.owner().toLowerCase(Locale.ROOT));
                    ps.setString(2, entry.mailboxId());
                    ps.setLong(3, entry.uid());
                    ps.setLong(4, entry.expiresAt().toEpochMilli());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("expiry index write failed", e);
        }
    }

    @Override
    public long size() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM cpm_expiry")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("expiry index read failed", e);
        }
    }

    @Override
    public void remove(String mailboxId, long uid) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM cpm_expiry WHERE mailbox_id = ? AND uid = ?")) {
            ps.setString(1, mailboxId);
            ps.setLong(2, uid);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("expiry index delete failed", e);
        }
    }

    @Override
    public List<Entry> expired(Instant now, int limit) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
            "SELECT owner, mailbox_id, uid, expires_at FROM cpm_expiry WHERE expires_at <= ? ORDER BY expires_at LIMIT ?")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setInt(2, limit);
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getString(1), rs.getString(2), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("expiry index read failed", e);
        }
    }

    @Override
    public boolean contains(String mailboxId, long uid) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM cpm_expiry WHERE mailbox_id = ? AND uid = ?")) {
            ps.setString(1, mailboxId);
            ps.setLong(2, uid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("expiry index read failed", e);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        pool.dispose();
    }
}
