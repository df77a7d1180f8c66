package org.cpmmss.james.outbound;

import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.annotation.PreDestroy;

import org.cpmmss.james.plumbing.StateDatabasePool;
import org.cpmmss.james.plumbing.StateDatabases;

/**
 * {@link NotificationOutbox} on its own embedded H2 file database ({@code <data>/h2/cpm-outbox},
 * {@code WRITE_DELAY=0}: an entry enqueued is an entry kept across a SIGKILL). The id is the primary key, so a
 * notification generated twice is queued (and sent) once.
 */
public class H2NotificationOutbox implements NotificationOutbox, AutoCloseable {
    private final StateDatabasePool pool;

    public H2NotificationOutbox(File dataDirectory) {
        File file = new File(dataDirectory, "h2/cpm-outbox");
        pool = StateDatabases.pool(file);
        pool.setMaxConnections(8);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS cpm_outbox (id VARCHAR(1024) NOT NULL PRIMARY KEY,"
                + " recipient VARCHAR(1024) NOT NULL, object VARBINARY NOT NULL, created TIMESTAMP NOT NULL,"
                + " attempts INT NOT NULL, next_attempt TIMESTAMP NOT NULL, state VARCHAR(16) NOT NULL,"
                + " last_error VARCHAR(2048))");
            s.execute("CREATE INDEX IF NOT EXISTS cpm_outbox_due ON cpm_outbox (state, next_attempt)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the notification outbox database " + file, e);
        }
    }

    @Override
    public boolean enqueue(String id, String recipient, byte[] object, java.time.Instant now) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO cpm_outbox"
                + " (id, recipient, object, created, attempts, next_attempt, state) VALUES (?, ?, ?, ?, 0, ?, 'QUEUED')")) {
            ps.setString(1, id);
            ps.setString(2, recipient);
            ps.setBytes(3, object);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setTimestamp(5, Timestamp.from(now));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e instanceof SQLIntegrityConstraintViolationException || "23505".equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("notification outbox database failure", e);
        }
    }

    @Override
    public List<Entry> due(java.time.Instant now, int max) {
        return select("SELECT id, recipient, object, created, attempts, next_attempt, state, last_error FROM cpm_outbox"
            + " WHERE state = 'QUEUED' AND next_attempt <= ? ORDER BY next_attempt, created LIMIT " + max, now, null);
    }

    @Override
    public Optional<Entry> get(String id) {
        return select("SELECT id, recipient, object, created, attempts, next_attempt, state, last_error FROM cpm_outbox"
            + " WHERE id = ?", null, id).stream().findFirst();
    }

    private List<Entry> select(String sql, java.time.Instant now, String id) {
        List<Entry> out = new ArrayList<>();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (now != null) {
                ps.setTimestamp(1, Timestamp.from(now));
            } else {
                ps.setString(1, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getTimestamp(4).toInstant(),
                        rs.getInt(5), rs.getTimestamp(6).toInstant(), State.valueOf(rs.getString(7)), rs.getString(8)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("notification outbox database failure", e);
        }
    }

    @Override
    public void markSent(String id, int attempts) {
        update("UPDATE cpm_outbox SET state = 'SENT', attempts = ?, object = X'', last_error = NULL WHERE id = ?", attempts,
            null, null, id);
    }

    @Override
    public void reschedule(String id, int attempts, java.time.Instant nextAttempt, String lastError) {
        update("UPDATE cpm_outbox SET attempts = ?, next_attempt = ?, last_error = ? WHERE id = ?", attempts, nextAttempt,
            lastError, id);
    }

    @Override
    public void giveUp(String id, int attempts, String lastError) {
        update("UPDATE cpm_outbox SET state = 'GAVE_UP', attempts = ?, last_error = ? WHERE id = ?", attempts, null,
            lastError, id);
    }

    private void update(String sql, int attempts, java.time.Instant next, String error, String id) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setInt(i++, attempts);
            if (next != null) {
                ps.setTimestamp(i++, Timestamp.from(next));
            }
            if (sql.contains("last_error = ?")) {
                ps.setString(i++, error == null ? null : error.substring(0, Math.min(error.length(), 2000)));
            }
            ps.setString(i, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("notification outbox database failure", e);
        }
    }

    @Override
    public long count(State state) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM cpm_outbox WHERE state = ?")) {
            ps.setString(1, state.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("notification outbox database failure", e);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        pool.dispose();
    }
}
