package org.cpmmss.james.state.postgresql;

import static org.cpmmss.james.state.postgresql.PostgresqlState.parameters;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.cpmmss.recording.port.ExpiryIndex;

/**
 * {@link ExpiryIndex} on the shared PostgreSQL (the H2 twin is {@code H2ExpiryIndex}): table {@code cpm_expiry},
 * primary key (mailbox_id, uid), indexed by {@code expires_at}. {@link #claimExpired} is the once-per-cluster part:
 * the sweep of each node takes the expired rows no other node holds ({@code FOR UPDATE SKIP LOCKED}) and marks them
 * with its {@link ClusterLease}; a node that dies mid-sweep holds them only until the lease ends.
 */
public class PostgresqlExpiryIndex implements ExpiryIndex {
    private static final String UPSERT = "INSERT INTO cpm_expiry (owner, mailbox_id, uid, expires_at) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (mailbox_id, uid) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at,"
        + " claimed_by = NULL, claimed_until = NULL";

    private final PostgresqlState db;
    private final ClusterLease lease;

    public PostgresqlExpiryIndex(PostgresqlState db, ClusterLease lease) {
        this.db = db;
        this.lease = lease;
    }

    private static PostgresqlState.Binder entry(Entry entry) {
        return parameters(entry.owner().toLowerCase(Locale.ROOT), entry.mailboxId(), entry.uid(),
            entry.expiresAt().toEpochMilli());
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getString(1), rs.getString(2), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4)));
    }

    @Override
    public void put(Entry entry) {
        db.update(UPSERT, entry(entry));
    }

    @Override
    public void putAll(List<Entry> entries) {
        db.transaction(c -> {
            for (Entry entry : entries) {
                PostgresqlState.update(c, UPSERT, entry(entry));
            }
            return null;
        });
    }

    @Override
    public long size() {
        return db.first("SELECT COUNT(*) FROM cpm_expiry", parameters(), rs -> rs.getLong(1)).orElse(0L);
    }

    @Override
    public void remove(String mailboxId, long uid) {
        db.update("DELETE FROM cpm_expiry WHERE mailbox_id = ? AND uid = ?", parameters(mailboxId, uid));
    }

    @Override
    public List<Entry> expired(Instant now, int limit) {
        return db.query("SELECT owner, mailbox_id, uid, expires_at FROM cpm_expiry WHERE expires_at <= ?"
            + " ORDER BY expires_at LIMIT ?", parameters(now.toEpochMilli(), limit), PostgresqlExpiryIndex::entry);
    }

    @Override
    public List<Entry> claimExpired(Instant now, int limit) {
        List<Entry> claimed = db.query("UPDATE cpm_expiry e SET claimed_by = ?, claimed_until = ?"
                + " FROM (SELECT mailbox_id, uid FROM cpm_expiry WHERE expires_at <= ?"
                + " AND (claimed_until IS NULL OR claimed_until <= ? OR claimed_by = ?)"
                + " ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED) d"
                + " WHERE e.mailbox_id = d.mailbox_id AND e.uid = d.uid"
                + " RETURNING e.owner, e.mailbox_id, e.uid, e.expires_at",
            parameters(lease.node(), lease.until(), now.toEpochMilli(), lease.now(), lease.node(), limit),
            PostgresqlExpiryIndex::entry);
        return claimed.stream().sorted(Comparator.comparing(Entry::expiresAt)).toList();
    }

    @Override
    public boolean contains(String mailboxId, long uid) {
        return db.first("SELECT 1 FROM cpm_expiry WHERE mailbox_id = ? AND uid = ?", parameters(mailboxId, uid),
            rs -> true).isPresent();
    }
}
