package org.cpmmss.james.store.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import org.cpmmss.james.store.api.BlobAddress;
import org.cpmmss.james.store.api.FlagChange;
import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.FolderSelection;
import org.cpmmss.james.store.api.MessageFlags;
import org.cpmmss.james.store.api.MessageNotFoundException;
import org.cpmmss.james.store.api.MessageStore;
import org.cpmmss.james.store.api.NewMessage;
import org.cpmmss.james.store.api.RecordedKey;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.cpmmss.james.store.sql.StoreRows;

/**
 * {@link MessageStore} on {@code mail_message} rows and single-instance contents ({@link ContentCatalog}). Every
 * write is one transaction that takes its locks in one order — the folder row (UID/MODSEQ allocation,
 * {@link FolderAllocator}), then message rows, then content rows — so that writers on several nodes queue rather
 * than deadlock (a deadlock that still happens is retried by {@link PgTransactor}).
 */
final class PostgresqlMessageStore implements MessageStore {
    private final PgTransactor transactor;
    private final Clock clock;

    PostgresqlMessageStore(PgTransactor transactor, Clock clock) {
        this.transactor = transactor;
        this.clock = clock;
    }

    @Override
    public StoredMessage append(long folderId, NewMessage m, RecordedKey key) {
        return transactor.write(c -> {
            long[] allocated = FolderAllocator.allocate(c, folderId, true);
            BlobAddress header = ContentCatalog.store(c, m.header());
            BlobAddress body = ContentCatalog.store(c, m.body());
            StoredMessage stored = new StoredMessage(folderId, allocated[0], allocated[1], m.flags(),
                m.internalDate(), clock.millis(), m.messageId(), m.threadId(), m.mime(), header, body);
            PgMessageRows.insert(c, stored);
            rememberKeywords(c, folderId, m.flags());
            if (key != null) {
                // in the message's transaction: committed (WAL forced) with it or rolled back with it
                PostgresqlRecordedKeys.insert(c, key, stored.uid(), stored.saveDate(), key.replaces());
            }
            return stored;
        });
    }

    /** Applicable keywords only grow: every keyword once set in a folder stays in its FLAGS answer. */
    private static void rememberKeywords(Connection c, long folderId, FlagState flags) throws SQLException {
        if (flags.keywords().isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO mail_folder_keyword(folder_id, keyword)"
            + " VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (String keyword : new TreeSet<>(flags.keywords())) {
                ps.setLong(1, folderId);
                ps.setString(2, keyword);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public StoredMessage copy(long sourceFolderId, long uid, long targetFolderId, FlagState flags) {
        return transactor.write(c -> {
            long[] allocated = FolderAllocator.allocate(c, targetFolderId, true);
            StoredMessage source = load(c, sourceFolderId, uid, false);
            Map<Long, Integer> references = new HashMap<>();
            ContentCatalog.count(references, source.header().blobId(), source.body().blobId());
            for (Map.Entry<Long, Integer> entry : new java.util.TreeMap<>(references).entrySet()) {
                for (int i = 0; i < entry.getValue(); i++) {
                    ContentCatalog.addReference(c, entry.getKey());
                }
            }
            return insertInto(c, source, targetFolderId, flags, allocated);
        });
    }

    @Override
    public StoredMessage move(long sourceFolderId, long uid, long targetFolderId, FlagState flags) {
        return transactor.write(c -> {
            long[] allocated = FolderAllocator.allocate(c, targetFolderId, true);
            StoredMessage source = load(c, sourceFolderId, uid, true);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM mail_message WHERE folder_id = ? AND uid = ?")) {
                del.setLong(1, sourceFolderId);
                del.setLong(2, uid);
                del.executeUpdate();
            }
            return insertInto(c, source, targetFolderId, flags, allocated);
        });
    }

    private StoredMessage insertInto(Connection c, StoredMessage source, long targetFolderId, FlagState flags,
                                     long[] allocated) throws SQLException {
        StoredMessage stored = new StoredMessage(targetFolderId, allocated[0], allocated[1], flags,
            source.internalDate(), clock.millis(), source.messageId(), source.threadId(), source.mime(),
            source.header(), source.body());
        PgMessageRows.insert(c, stored);
        rememberKeywords(c, targetFolderId, flags);
        return stored;
    }

    private static StoredMessage load(Connection c, long folderId, long uid, boolean lock) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(PgMessageRows.SELECT + "WHERE m.folder_id = ? AND m.uid = ?"
            + (lock ? " FOR UPDATE OF m" : ""))) {
            q.setLong(1, folderId);
            q.setLong(2, uid);
            List<StoredMessage> found = PgMessageRows.readAll(q);
            if (found.isEmpty()) {
                throw new MessageNotFoundException(folderId, uid);
            }
            return found.get(0);
        }
    }

    @Override
    public List<StoredMessage> list(long folderId, UidRange range, int limit) {
        return transactor.read(c -> {
            String sql = PgMessageRows.SELECT + "WHERE m.folder_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.uid"
                + (limit > 0 ? " LIMIT " + limit : "");
            try (PreparedStatement q = c.prepareStatement(sql)) {
                q.setLong(1, folderId);
                q.setLong(2, range.from());
                q.setLong(3, range.to());
                return PgMessageRows.readAll(q);
            }
        });
    }

    @Override
    public List<MessageFlags> listFlags(long folderId, UidRange range, long changedSince) {
        return transactor.read(c -> {
            // with a CHANGEDSINCE the planner walks the (folder_id, modseq) index, without it the primary key
            try (PreparedStatement q = c.prepareStatement(PgMessageRows.FLAGS
                + "WHERE folder_id = ? AND modseq > ? AND uid BETWEEN ? AND ? ORDER BY uid")) {
                q.setLong(1, folderId);
                q.setLong(2, Math.max(0, changedSince));
                q.setLong(3, range.from());
                q.setLong(4, range.to());
                return PgMessageRows.readFlags(q);
            }
        });
    }

    @Override
    public List<StoredMessage> expunge(long folderId, List<Long> uids) {
        if (uids.isEmpty()) {
            return List.of();
        }
        return transactor.write(c -> {
            List<StoredMessage> removed = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(PgMessageRows.SELECT
                + "WHERE m.folder_id = ? AND m.uid = ANY (?) ORDER BY m.uid FOR UPDATE OF m")) {
                q.setLong(1, folderId);
                q.setArray(2, c.createArrayOf("bigint", uids.toArray()));
                removed.addAll(PgMessageRows.readAll(q));
            }
            Map<Long, Integer> released = new HashMap<>();
            try (PreparedStatement del = c.prepareStatement("DELETE FROM mail_message WHERE folder_id = ? AND uid = ?")) {
                for (StoredMessage m : removed) {
                    del.setLong(1, folderId);
                    del.setLong(2, m.uid());
                    del.addBatch();
                    ContentCatalog.count(released, m.header().blobId(), m.body().blobId());
                }
                del.executeBatch();
            }
            ContentCatalog.release(c, released);
            return removed;
        });
    }

    /**
     * One statement clears the bit on the rows carrying it and returns them as they were, MODSEQs kept (as the
     * embedded store, which raises a floor instead); nothing written when none does (the common re-SELECT). Two
     * concurrent clears: PostgreSQL re-checks a row the other one changed and skips it, so each message is returned
     * once.
     */
    @Override
    public List<FlagChange> clearRecent(long folderId) {
        return transactor.write(c -> {
            List<FlagChange> changes = new ArrayList<>();
            try (PreparedStatement up = c.prepareStatement("UPDATE mail_message SET flags = flags & ?"
                + " WHERE folder_id = ? AND flags & ? <> 0 RETURNING uid, message_id, flags, keywords, modseq")) {
                up.setInt(1, ~FlagState.RECENT);
                up.setLong(2, folderId);
                up.setInt(3, FlagState.RECENT);
                try (ResultSet rs = up.executeQuery()) {
                    while (rs.next()) {
                        FlagState now = FlagState.parse(rs.getInt(3), rs.getString(4));
                        changes.add(new FlagChange(rs.getLong(1), rs.getString(2), now.with(FlagState.RECENT), now,
                            rs.getLong(5)));
                    }
                }
            }
            changes.sort(Comparator.comparingLong(FlagChange::uid));
            return changes;
        });
    }

    @Override
    public List<FlagChange> updateFlags(long folderId, UidRange range, UnaryOperator<FlagState> update) {
        return transactor.write(c -> {
            FolderAllocator.lock(c, folderId);
            List<FlagChange> changes = StoreRows.flagChanges(c, "mail_message", folderId, range, update);
            if (changes.stream().noneMatch(FlagChange::changed)) {
                return changes;
            }
            long modSeq = FolderAllocator.allocate(c, folderId, false)[1];
            List<FlagChange> result = new ArrayList<>(changes.size());
            Set<String> keywords = new TreeSet<>();
            try (PreparedStatement up = c.prepareStatement(
                "UPDATE mail_message SET flags = ?, keywords = ?, modseq = ? WHERE folder_id = ? AND uid = ?")) {
                for (FlagChange change : changes) {
                    if (!change.changed()) {
                        result.add(change);
                        continue;
                    }
                    up.setInt(1, change.newFlags().systemFlags());
                    up.setString(2, change.newFlags().keywordText());
                    up.setLong(3, modSeq);
                    up.setLong(4, folderId);
                    up.setLong(5, change.uid());
                    up.addBatch();
                    keywords.addAll(change.newFlags().keywords());
                    result.add(new FlagChange(change.uid(), change.messageId(), change.oldFlags(),
                        change.newFlags(), modSeq));
                }
                up.executeBatch();
            }
            rememberKeywords(c, folderId, new FlagState(0, keywords));
            return result;
        });
    }

    @Override
    public List<Long> uidsWith(long folderId, UidRange range, int systemFlag) {
        return transactor.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT uid FROM mail_message WHERE folder_id = ?"
                + " AND uid BETWEEN ? AND ? AND flags & ? <> 0 ORDER BY uid")) {
                q.setLong(1, folderId);
                q.setLong(2, range.from());
                q.setLong(3, range.to());
                q.setInt(4, systemFlag);
                List<Long> uids = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        uids.add(rs.getLong(1));
                    }
                }
                return uids;
            }
        });
    }

    @Override
    public OptionalLong firstUidWithout(long folderId, int systemFlag) {
        return transactor.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT uid FROM mail_message WHERE folder_id = ?"
                + " AND flags & ? = 0 ORDER BY uid LIMIT 1")) {
                q.setLong(1, folderId);
                q.setInt(2, systemFlag);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    @Override
    public FolderSelection selection(long folderId) {
        return transactor.read(c -> StoreRows.selection(c, "mail_folder", "mail_message", folderId));
    }

    @Override
    public Set<String> applicableKeywords(long folderId) {
        return transactor.read(c -> {
            try (PreparedStatement q = c.prepareStatement(
                "SELECT keyword FROM mail_folder_keyword WHERE folder_id = ?")) {
                q.setLong(1, folderId);
                Set<String> keywords = new TreeSet<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        keywords.add(rs.getString(1));
                    }
                }
                return keywords;
            }
        });
    }

    @Override
    public long allocateUid(long folderId) {
        return transactor.write(c -> FolderAllocator.allocate(c, folderId, true)[0]);
    }

    @Override
    public long allocateModSeq(long folderId) {
        return transactor.write(c -> FolderAllocator.allocate(c, folderId, false)[1]);
    }
}
