package org.cpmmss.james.state.postgresql;

import static org.cpmmss.james.state.postgresql.PostgresqlState.parameters;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.cpmmss.recording.port.NotificationStateStore;

/**
 * {@link NotificationStateStore} on the shared PostgreSQL (the H2 twin is {@code H2NotificationStateStore}). The
 * first-wins claim is a primary-key insert ({@code ON CONFLICT DO NOTHING}), so two notifications racing on two nodes
 * cannot both win; an entry is replaced only when it changes ({@code ON CONFLICT ... DO UPDATE ... WHERE}), in one
 * statement, so {@link #putEntry} answers "changed" to one node only.
 */
public class PostgresqlNotificationStateStore implements NotificationStateStore {
    private final PostgresqlState db;

    public PostgresqlNotificationStateStore(PostgresqlState db) {
        this.db = db;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    @Override
    public Claim claim(String referencedId, String reporter, String kind, String notificationKey) {
        int inserted = db.update("INSERT INTO cpm_imdn_first (referenced, reporter, kind, nkey) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (referenced, reporter, kind) DO NOTHING", parameters(referencedId, lower(reporter), kind,
            notificationKey));
        if (inserted == 1) {
            return Claim.FIRST;
        }
        Optional<String> winner = db.first("SELECT nkey FROM cpm_imdn_first WHERE referenced = ? AND reporter = ? AND kind = ?",
            parameters(referencedId, lower(reporter), kind), rs -> rs.getString(1));
        return winner.filter(notificationKey::equals).isPresent() ? Claim.SAME : Claim.SUPPRESSED;
    }

    @Override
    public boolean putEntry(String owner, String referencedId, Entry entry) {
        return db.update("INSERT INTO cpm_imdn_entry (owner, referenced, reporter, kind, status, at) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (owner, referenced, reporter, kind) DO UPDATE SET status = EXCLUDED.status, at = EXCLUDED.at"
                + " WHERE cpm_imdn_entry.status <> EXCLUDED.status OR cpm_imdn_entry.at <> EXCLUDED.at",
            parameters(lower(owner), referencedId, lower(entry.reporter()), entry.kind(), entry.status(), entry.at())) == 1;
    }

    @Override
    public List<Entry> entries(String owner, String referencedId) {
        return db.query("SELECT reporter, kind, status, at FROM cpm_imdn_entry WHERE owner = ? AND referenced = ? ORDER BY seq",
            parameters(lower(owner), referencedId),
            rs -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
    }

    @Override
    public Optional<AggregateObject> aggregateObject(String owner, String referencedId) {
        return db.first("SELECT folder, uid_validity, uid FROM cpm_imdn_aggregate WHERE owner = ? AND referenced = ?",
            parameters(lower(owner), referencedId),
            rs -> new AggregateObject(rs.getString(1), rs.getLong(2), rs.getLong(3)));
    }

    @Override
    public void setAggregateObject(String owner, String referencedId, AggregateObject object) {
        db.update("INSERT INTO cpm_imdn_aggregate (owner, referenced, folder, uid_validity, uid) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (owner, referenced) DO UPDATE SET folder = EXCLUDED.folder,"
                + " uid_validity = EXCLUDED.uid_validity, uid = EXCLUDED.uid",
            parameters(lower(owner), referencedId, object.folder(), object.uidValidity(), object.uid()));
    }

    @Override
    public void addPendingTick(PendingTick tick) {
        db.update("INSERT INTO cpm_imdn_pending_tick (owner, referenced, keyword) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            parameters(lower(tick.owner()), tick.referencedId(), tick.keyword()));
    }

    @Override
    public List<PendingTick> pendingTicks(String owner) {
        return db.query("SELECT referenced, keyword FROM cpm_imdn_pending_tick WHERE owner = ?", parameters(lower(owner)),
            rs -> new PendingTick(lower(owner), rs.getString(1), rs.getString(2)));
    }

    @Override
    public void removePendingTick(PendingTick tick) {
        db.update("DELETE FROM cpm_imdn_pending_tick WHERE owner = ? AND referenced = ? AND keyword = ?",
            parameters(lower(tick.owner()), tick.referencedId(), tick.keyword()));
    }

    /** Every node writes these tables: a node's memory of the owners with pending ticks is never complete. */
    @Override
    public boolean sharedByNodes() {
        return true;
    }

    @Override
    public Set<String> ownersWithPendingTicks() {
        return new HashSet<>(db.query("SELECT DISTINCT owner FROM cpm_imdn_pending_tick", parameters(),
            rs -> rs.getString(1)));
    }
}
