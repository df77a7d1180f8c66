package org.cpmmss.james.state.postgresql;

import static org.cpmmss.james.state.postgresql.PostgresqlState.parameters;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.cpmmss.recording.port.CpmStateStore;

/**
 * {@link CpmStateStore} on the shared PostgreSQL (the H2 twin is {@code H2CpmStateStore}): dedupe keys
 * ({@code cpm_recorded}), session kinds, held sessions and their parts. Upserts are
 * {@code INSERT ... ON CONFLICT}, so two nodes recording the same key at once leave one row. The idle-session sweep
 * claims each session for one node ({@link ClusterLease}), so a session is assembled by one node at a time.
 */
public class PostgresqlCpmStateStore implements CpmStateStore {
    private static final String SESSION_COLUMNS = "owner, contribution_id, folder, info_key, direction, info, last_activity";

    private final PostgresqlState db;
    private final ClusterLease lease;

    public PostgresqlCpmStateStore(PostgresqlState db, ClusterLease lease) {
        this.db = db;
        this.lease = lease;
    }

    private static String owner(String owner) {
        return owner.toLowerCase(Locale.ROOT);
    }

    @Override
    public Optional<Recorded> recorded(String owner, String key) {
        return db.first("SELECT state, folder, uid_validity, uid FROM cpm_recorded WHERE owner = ? AND okey = ?",
            parameters(owner(owner), key),
            rs -> new Recorded(State.valueOf(rs.getString(1)), rs.getString(2), rs.getLong(3), rs.getLong(4)));
    }

    /** Whether any key is recorded here (written before issue 27 moved them into the store's transaction). */
    public boolean holdsRecordedKeys() {
        return db.first("SELECT 1 FROM cpm_recorded LIMIT 1", parameters(), rs -> 1).isPresent();
    }

    @Override
    public void markPending(String owner, String key, String folder, long uidValidity, long lastUid) {
        // for a PENDING key, uid holds the folder's last UID before the append (a lower bound, not the message's UID)
        mark(owner, key, State.PENDING, folder, uidValidity, lastUid);
    }

    @Override
    public void markDone(String owner, String key, String folder, long uidValidity, long uid) {
        mark(owner, key, State.DONE, folder, uidValidity, uid);
    }

    private void mark(String owner, String key, State state, String folder, long uidValidity, long uid) {
        db.update("INSERT INTO cpm_recorded (owner, okey, state, folder, uid_validity, uid) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (owner, okey) DO UPDATE SET state = EXCLUDED.state, folder = EXCLUDED.folder,"
                + " uid_validity = EXCLUDED.uid_validity, uid = EXCLUDED.uid",
            parameters(owner(owner), key, state.name(), folder, uidValidity, uid));
    }

    @Override
    public void rememberSessionKind(String owner, String contributionId, boolean group) {
        db.update("INSERT INTO cpm_session_kind (owner, contribution_id, grp) VALUES (?, ?, ?)"
                + " ON CONFLICT (owner, contribution_id) DO UPDATE SET grp = EXCLUDED.grp",
            parameters(owner(owner), contributionId, group));
    }

    @Override
    public Optional<Boolean> sessionKind(String owner, String contributionId) {
        return db.first("SELECT grp FROM cpm_session_kind WHERE owner = ? AND contribution_id = ?",
            parameters(owner(owner), contributionId), rs -> rs.getBoolean(1));
    }

    private static HeldSession session(ResultSet rs) throws SQLException {
        return new HeldSession(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getBytes(6), Instant.ofEpochMilli(rs.getLong(7)));
    }

    @Override
    public Optional<HeldSession> heldSession(String owner, String contributionId) {
        return db.first("SELECT " + SESSION_COLUMNS + " FROM cpm_held_session WHERE owner = ? AND contribution_id = ?",
            parameters(owner(owner), contributionId), PostgresqlCpmStateStore::session);
    }

    @Override
    public boolean openSession(HeldSession s) {
        return db.update("INSERT INTO cpm_held_session (" + SESSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (owner, contribution_id) DO NOTHING",
            parameters(owner(s.owner()), s.contributionId(), s.folder(), s.infoKey(), s.direction(), s.info(),
                s.lastActivity().toEpochMilli())) == 1;
    }

    @Override
    public boolean addPart(String owner, String contributionId, String key, byte[] bytes, Instant now) {
        return db.transaction(c -> {
            int added = PostgresqlState.update(c, "INSERT INTO cpm_held_part (owner, contribution_id, okey, body)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (owner, contribution_id, okey) DO NOTHING",
                parameters(owner(owner), contributionId, key, bytes));
            if (added == 0) {
                return false;
            }
            PostgresqlState.update(c, "UPDATE cpm_held_session SET last_activity = ? WHERE owner = ? AND contribution_id = ?",
                parameters(now.toEpochMilli(), owner(owner), contributionId));
            return true;
        });
    }

    @Override
    public List<HeldPart> parts(String owner, String contributionId) {
        return db.query("SELECT okey, body FROM cpm_held_part WHERE owner = ? AND contribution_id = ? ORDER BY id",
            parameters(owner(owner), contributionId), rs -> new HeldPart(rs.getString(1), rs.getBytes(2)));
    }

    @Override
    public List<HeldSession> idleSessions(Instant cutoff) {
        return db.query("SELECT " + SESSION_COLUMNS + " FROM cpm_held_session WHERE last_activity < ?",
            parameters(cutoff.toEpochMilli()), PostgresqlCpmStateStore::session);
    }

    @Override
    public List<HeldSession> claimIdleSessions(Instant cutoff) {
        List<HeldSession> claimed = db.query("UPDATE cpm_held_session s SET claimed_by = ?, claimed_until = ?"
                + " FROM (SELECT owner, contribution_id FROM cpm_held_session WHERE last_activity < ?"
                + " AND (claimed_until IS NULL OR claimed_until <= ? OR claimed_by = ?)"
                + " ORDER BY last_activity LIMIT 1000 FOR UPDATE SKIP LOCKED) d"
                + " WHERE s.owner = d.owner AND s.contribution_id = d.contribution_id"
                + " RETURNING s.owner, s.contribution_id, s.folder, s.info_key, s.direction, s.info, s.last_activity",
            parameters(lease.node(), lease.until(), cutoff.toEpochMilli(), lease.now(), lease.node()),
            PostgresqlCpmStateStore::session);
        return claimed.stream().sorted(Comparator.comparing(HeldSession::lastActivity)).toList();
    }

    @Override
    public void deleteSession(String owner, String contributionId) {
        db.transaction(c -> {
            PostgresqlState.update(c, "DELETE FROM cpm_held_part WHERE owner = ? AND contribution_id = ?",
                parameters(owner(owner), contributionId));
            PostgresqlState.update(c, "DELETE FROM cpm_held_session WHERE owner = ? AND contribution_id = ?",
                parameters(owner(owner), contributionId));
            return null;
        });
    }
}
