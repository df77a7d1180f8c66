package org.cpmmss.james.state;

import org.cpmmss.recording.port.DeferredQueue;

import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.annotation.PreDestroy;

import org.cpmmss.james.plumbing.StateDatabasePool;
import org.cpmmss.james.plumbing.StateDatabases;

/**
 * {@link DeferredQueue} in its own embedded H2 file database ({@code <data>/h2/cpm-deferred-queue},
 * {@code WRITE_DELAY=0}, so an answered "queued" survives a SIGKILL): table {@code cpm_deferred_queue}, unique
 * (owner, object_key), indexed by (owner, id) for listing and by {@code expires_at} for the sweeper.
 */
public class H2DeferredQueue implements DeferredQueue, AutoCloseable {
    private static final String COLUMNS = "id, owner, object_key, originator_uri, recipient_uri, subject, date_at, "
        + "conversation_id, contribution_id, imdn_message_id, object, queued_at, expires_at, state";

    private final StateDatabasePool pool;
    private final Clock clock;

    public H2DeferredQueue(File dataDirectory, Clock clock) {
        this.clock = clock;
        File file = new File(dataDirectory, "h2/cpm-deferred-queue");
        pool = StateDatabases.pool(file);
        pool.setMaxConnections(8);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS cpm_deferred_queue (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                + " owner VARCHAR(512) NOT NULL, object_key VARCHAR(2048) NOT NULL, originator_uri VARCHAR(1024) NOT NULL,"
                + " recipient_uri VARCHAR(1024) NOT NULL, subject VARCHAR(4096), date_at BIGINT NOT NULL,"
                + " conversation_id VARCHAR(1024), contribution_id VARCHAR(1024), imdn_message_id VARCHAR(1024),"
                + " object BLOB NOT NULL, queued_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, state VARCHAR(16) NOT NULL,"
                + " CONSTRAINT cpm_deferred_queue_key UNIQUE (owner, object_key))");
            s.execute("CREATE INDEX IF NOT EXISTS cpm_deferred_queue_owner ON cpm_deferred_queue (owner, id)");
            s.execute("CREATE INDEX IF NOT EXISTS cpm_deferred_queue_expiry ON cpm_deferred_queue (expires_at)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the deferred queue " + file, e);
        }
    }

    @Override
    public synchronized Added add(NewEntry e) {
        String owner = key(e.owner());
        try (Connection c = pool.getConnection()) {
            Optional<Long> existing = idOf(c, owner, e.objectKey());
            if (existing.isPresent()) {
                return new Added(existing.get(), false);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cpm_deferred_queue (owner, object_key, originator_uri,"
                + " recipient_uri, subject, date_at, conversation_id, contribution_id, imdn_message_id, object, queued_at,"
                + " expires_at, state) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, owner);
                ps.setString(2, e.objectKey());
                ps.setString(3, e.originatorUri());
                ps.setString(4, e.recipientUri());
                ps.setString(5, e.subject().orElse(null));
                ps.setLong(6, e.date().toEpochMilli());
                ps.setString(7, e.conversationId().orElse(null));
                ps.setString(8, e.contributionId().orElse(null));
                ps.setString(9, e.imdnMessageId().orElse(null));
                ps.setBytes(10, e.object());
                ps.setLong(11, clock.instant().toEpochMilli());
                ps.setLong(12, e.expires().toEpochMilli());
                ps.setString(13, State.QUEUED.name());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return new Added(keys.getLong(1), true);
                }
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("cannot queue a deferred message", ex);
        }
    }

    private static Optional<Long> idOf(Connection c, String owner, String objectKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM cpm_deferred_queue WHERE owner = ? AND object_key = ?")) {
            ps.setString(1, owner);
            ps.setString(2, objectKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    @Override
    public List<Entry> list(String owner) {
        return query("SELECT " + COLUMNS + " FROM cpm_deferred_queue WHERE owner = ? ORDER BY id", ps -> ps.setString(1, key(owner)));
    }

    @Override
    public List<Entry> pending(String owner, Instant now) {
        return query("SELECT " + COLUMNS + " FROM cpm_deferred_queue WHERE owner = ? AND state = ? AND expires_at > ? ORDER BY id",
            ps -> {
                ps.setString(1, key(owner));
                ps.setString(2, State.QUEUED.name());
                ps.setLong(3, now.toEpochMilli());
            });
    }

    @Override
    public Optional<Entry> get(long id) {
        return query("SELECT " + COLUMNS + " FROM cpm_deferred_queue WHERE id = ?", ps -> ps.setLong(1, id)).stream().findFirst();
    }

    @Override
    public List<Entry> expired(Instant now, int limit) {
        return query("SELECT " + COLUMNS + " FROM cpm_deferred_queue WHERE expires_at <= ? ORDER BY expires_at LIMIT ?", ps -> {
            ps.setLong(1, now.toEpochMilli());
            ps.setInt(2, limit);
        });
    }

    @Override
    public boolean setState(long id, State state) {
        return update("UPDATE cpm_deferred_queue SET state = ? WHERE id = ?", ps -> {
            ps.setString(1, state.name());
            ps.setLong(2, id);
        });
    }

    @Override
    public boolean remove(long id) {
        return update("DELETE FROM cpm_deferred_queue WHERE id = ?", ps -> ps.setLong(1, id));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private boolean update(String sql, Binder binder) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("deferred queue write failed", e);
        }
    }

    private List<Entry> query(String sql, Binder binder) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<Entry> out = new ArrayList<>();
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(new Entry(r.getLong("id"), r.getString("owner"), r.getString("object_key"),
                        r.getString("originator_uri"), r.getString("recipient_uri"), Optional.ofNullable(r.getString("subject")),
                        Instant.ofEpochMilli(r.getLong("date_at")), Optional.ofNullable(r.getString("conversation_id")),
                        Optional.ofNullable(r.getString("contribution_id")), Optional.ofNullable(r.getString("imdn_message_id")),
                        r.getBytes("object"), Instant.ofEpochMilli(r.getLong("queued_at")),
                        Instant.ofEpochMilli(r.getLong("expires_at")), State.valueOf(r.getString("state"))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("deferred queue read failed", e);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        pool.dispose();
    }

    private static String key(String account) {
        return account.toLowerCase(Locale.ROOT);
    }
}
