package org.cpmmss.james.state.postgresql;

import static org.cpmmss.james.state.postgresql.PostgresqlState.parameters;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.cpmmss.recording.port.DeferredQueue;

/**
 * {@link DeferredQueue} on the shared PostgreSQL (the H2 twin is {@code H2DeferredQueue}): table
 * {@code cpm_deferred_queue}, unique (owner, object_key), so two nodes queuing the same object at once make one entry.
 * Expiry and push are claimed per entry with the node's {@link ClusterLease} (columns {@code claimed_by},
 * {@code claimed_until}): a node's queue expiry skips the entries another node is expiring or pushing, and a push
 * skips the entries another node holds; a dead node's claims end with their lease.
 */
public class PostgresqlDeferredQueue implements DeferredQueue {
    private static final String COLUMNS = "id, owner, object_key, originator_uri, recipient_uri, subject, date_at, "
        + "conversation_id, contribution_id, imdn_message_id, object, queued_at, expires_at, state";

    private final PostgresqlState db;
    private final ClusterLease lease;
    private final Clock clock;

    public PostgresqlDeferredQueue(PostgresqlState db, ClusterLease lease) {
        this.db = db;
        this.lease = lease;
        this.clock = lease.clock();
    }

    private static String key(String account) {
        return account.toLowerCase(Locale.ROOT);
    }

    @Override
    public Added add(NewEntry e) {
        String owner = key(e.owner());
        return db.transaction(c -> {
            List<Long> inserted = PostgresqlState.query(c, "INSERT INTO cpm_deferred_queue (owner, object_key,"
                    + " originator_uri, recipient_uri, subject, date_at, conversation_id, contribution_id, imdn_message_id,"
                    + " object, queued_at, expires_at, state) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
                    + " ON CONFLICT (owner, object_key) DO NOTHING RETURNING id",
                parameters(owner, e.objectKey(), e.originatorUri(), e.recipientUri(), e.subject().orElse(null),
                    e.date().toEpochMilli(), e.conversationId().orElse(null), e.contributionId().orElse(null),
                    e.imdnMessageId().orElse(null), e.object(), clock.instant().toEpochMilli(), e.expires().toEpochMilli(),
                    State.QUEUED.name()),
                rs -> rs.getLong(1));
            if (!inserted.isEmpty()) {
                return new Added(inserted.get(0), true);
            }
            List<Long> existing = PostgresqlState.query(c,
                "SELECT id FROM cpm_deferred_queue WHERE owner = ? AND object_key = ?", parameters(owner, e.objectKey()),
                rs -> rs.getLong(1));
            return new Added(existing.get(0), false);
        });
    }

    @Override
    public List<Entry> list(String owner) {
        return db.query("SELECT " + COLUMNS + " FROM cpm_deferred_queue WHERE owner = ? ORDER BY id", parameters(key(owner)),
            PostgresqlDeferredQueue::entry);
    }

    @Override
    public List<Entry> pending(String owner, Instant now) {
        return db.query("SELECT " + COLUMNS + " FROM cpm_deferred_queue WHERE owner = ? AND state = ? AND expires_at > ?"
            + " ORDER BY id", parameters(key(owner), State.QUEUED.name(), now.toEpochMilli()), PostgresqlDeferredQueue::entry);
    }

    @Override
    public Optional<Entry> get(long id) {
        return db.first("SELECT " + COLUMNS + " FROM cpm_deferred_queue WHERE id = ?", parameters(id),
            PostgresqlDeferredQueue::entry);
    }

    @Override
    public List<Entry> expired(Instant now, int limit) {
        return db.query("SELECT " + COLUMNS + " FROM cpm_deferred_queue WHERE expires_at <= ? ORDER BY expires_at LIMIT ?",
            parameters(now.toEpochMilli(), limit), PostgresqlDeferredQueue::entry);
    }

    @Override
    public List<Entry> claimExpired(Instant now, int limit) {
        List<Entry> claimed = db.query("UPDATE cpm_deferred_queue q SET claimed_by = ?, claimed_until = ?"
                + " FROM (SELECT id FROM cpm_deferred_queue WHERE expires_at <= ?"
                + " AND (claimed_until IS NULL OR claimed_until <= ? OR claimed_by = ?)"
                + " ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED) d WHERE q.id = d.id RETURNING "
                + COLUMNS.replace("id, owner", "q.id, q.owner"),
            parameters(lease.node(), lease.until(), now.toEpochMilli(), lease.now(), lease.node(), limit),
            PostgresqlDeferredQueue::entry);
        return claimed.stream().sorted(Comparator.comparing(Entry::expires)).toList();
    }

    @Override
    public boolean claimForPush(long id) {
        return db.update("UPDATE cpm_deferred_queue SET claimed_by = ?, claimed_until = ? WHERE id = ?"
            + " AND (claimed_until IS NULL OR claimed_until <= ?)", parameters(lease.node(), lease.until(), id, lease.now())) == 1;
    }

    @Override
    public void releasePush(long id) {
        db.update("UPDATE cpm_deferred_queue SET claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?",
            parameters(id, lease.node()));
    }

    @Override
    public boolean setState(long id, State state) {
        return db.update("UPDATE cpm_deferred_queue SET state = ? WHERE id = ?", parameters(state.name(), id)) > 0;
    }

    @Override
    public boolean remove(long id) {
        return db.update("DELETE FROM cpm_deferred_queue WHERE id = ?", parameters(id)) > 0;
    }

    private static Entry entry(ResultSet r) throws SQLException {
        return new Entry(r.getLong("id"), r.getString("owner"), r.getString("object_key"), r.getString("originator_uri"),
            r.getString("recipient_uri"), Optional.ofNullable(r.getString("subject")), Instant.ofEpochMilli(r.getLong("date_at")),
            Optional.ofNullable(r.getString("conversation_id")), Optional.ofNullable(r.getString("contribution_id")),
            Optional.ofNullable(r.getString("imdn_message_id")), r.getBytes("object"),
            Instant.ofEpochMilli(r.getLong("queued_at")), Instant.ofEpochMilli(r.getLong("expires_at")),
            State.valueOf(r.getString("state")));
    }
}
