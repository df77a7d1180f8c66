package org.cpmmss.james.state.postgresql;

import static org.cpmmss.james.state.postgresql.PostgresqlState.parameters;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.cpmmss.james.outbound.NotificationOutbox;

/**
 * {@link NotificationOutbox} on the shared PostgreSQL (the H2 twin is {@code H2NotificationOutbox}): the id is the
 * primary key, so a notification generated on two nodes is queued once. {@link #claimDue} gives each due entry to one
 * node's sender ({@code FOR UPDATE SKIP LOCKED} and the node's {@link ClusterLease}); sent, rescheduled or given up
 * ends the claim. A node that dies between sending and {@link #markSent} leaves the entry to be sent again by another
 * node after the lease (the receiver deduplicates by IMDN-Message-ID, the entry's id).
 */
public class PostgresqlNotificationOutbox implements NotificationOutbox {
    private static final String COLUMNS = "id, recipient, object, created, attempts, next_attempt, state, last_error";

    private final PostgresqlState db;
    private final ClusterLease lease;

    public PostgresqlNotificationOutbox(PostgresqlState db, ClusterLease lease) {
        this.db = db;
        this.lease = lease;
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getString(1), rs.getString(2), rs.getBytes(3), Instant.ofEpochMilli(rs.getLong(4)), rs.getInt(5),
            Instant.ofEpochMilli(rs.getLong(6)), State.valueOf(rs.getString(7)), rs.getString(8));
    }

    @Override
    public boolean enqueue(String id, String recipient, byte[] object, Instant now) {
        return db.update("INSERT INTO cpm_outbox (id, recipient, object, created, attempts, next_attempt, state)"
            + " VALUES (?, ?, ?, ?, 0, ?, 'QUEUED') ON CONFLICT (id) DO NOTHING",
            parameters(id, recipient, object, now.toEpochMilli(), now.toEpochMilli())) == 1;
    }

    @Override
    public List<Entry> due(Instant now, int max) {
        return db.query("SELECT " + COLUMNS + " FROM cpm_outbox WHERE state = 'QUEUED' AND next_attempt <= ?"
            + " ORDER BY next_attempt, created LIMIT ?", parameters(now.toEpochMilli(), max), PostgresqlNotificationOutbox::entry);
    }

    @Override
    public List<Entry> claimDue(Instant now, int max) {
        List<Entry> claimed = db.query("UPDATE cpm_outbox o SET claimed_by = ?, claimed_until = ?"
                + " FROM (SELECT id FROM cpm_outbox WHERE state = 'QUEUED' AND next_attempt <= ?"
                + " AND (claimed_until IS NULL OR claimed_until <= ? OR claimed_by = ?)"
                + " ORDER BY next_attempt, created LIMIT ? FOR UPDATE SKIP LOCKED) d WHERE o.id = d.id"
                + " RETURNING o.id, o.recipient, o.object, o.created, o.attempts, o.next_attempt, o.state, o.last_error",
            parameters(lease.node(), lease.until(), now.toEpochMilli(), lease.now(), lease.node(), max),
            PostgresqlNotificationOutbox::entry);
        return claimed.stream().sorted(Comparator.comparing(Entry::nextAttempt).thenComparing(Entry::created)).toList();
    }

    @Override
    public Optional<Entry> get(String id) {
        return db.first("SELECT " + COLUMNS + " FROM cpm_outbox WHERE id = ?", parameters(id),
            PostgresqlNotificationOutbox::entry);
    }

    @Override
    public void markSent(String id, int attempts) {
        db.update("UPDATE cpm_outbox SET state = 'SENT', attempts = ?, object = '\\x'::bytea, last_error = NULL,"
            + " claimed_by = NULL, claimed_until = NULL WHERE id = ?", parameters(attempts, id));
    }

    @Override
    public void reschedule(String id, int attempts, Instant nextAttempt, String lastError) {
        db.update("UPDATE cpm_outbox SET attempts = ?, next_attempt = ?, last_error = ?, claimed_by = NULL,"
            + " claimed_until = NULL WHERE id = ?", parameters(attempts, nextAttempt.toEpochMilli(), clip(lastError), id));
    }

    @Override
    public void giveUp(String id, int attempts, String lastError) {
        db.update("UPDATE cpm_outbox SET state = 'GAVE_UP', attempts = ?, last_error = ?, claimed_by = NULL,"
            + " claimed_until = NULL WHERE id = ?", parameters(attempts, clip(lastError), id));
    }

    private static String clip(String error) {
        return error == null ? null : error.substring(0, Math.min(error.length(), 2000));
    }

    @Override
    public long count(State state) {
        return db.first("SELECT COUNT(*) FROM cpm_outbox WHERE state = ?", parameters(state.name()), rs -> rs.getLong(1))
            .orElse(0L);
    }
}
