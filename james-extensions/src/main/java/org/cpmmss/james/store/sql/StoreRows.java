package org.cpmmss.james.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.cpmmss.james.store.api.FlagChange;
import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.FolderSelection;
import org.cpmmss.james.store.api.RecordedKeys;
import org.cpmmss.james.store.api.StoreException;
import org.cpmmss.james.store.api.UidRange;

/**
 * The SQL the embedded store (H2) and the store on PostgreSQL share word for word but for their table names: a
 * folder's one-read selection and the look-up of a recorded idempotency key.
 */
public final class StoreRows {
    private StoreRows() {
    }

    /**
     * SELECT's one read of a folder: the folder row ({@code folderTable}) and its message rows ({@code messageTable}),
     * in one statement, so from one snapshot. No ORDER BY: H2 returns the rows in its key order without one, but with
     * one it sorted the whole folder in a temporary result (a sort over a join is not seen to match the key); the
     * builder sorts rows that come in another order (PostgreSQL's plan may give one).
     */
    public static FolderSelection selection(Connection c, String folderTable, String messageTable, long folderId)
        throws SQLException {
        return selection(c, folderTable, messageTable, "0", folderId);
    }

    /**
     * As {@link #selection(Connection, String, String, long)}, the {@code \Recent} bit counting only at and above the
     * folder's {@code recentFloor} (a column of the folder row, or a constant).
     */
    public static FolderSelection selection(Connection c, String folderTable, String messageTable, String recentFloor,
                                            long folderId) throws SQLException {
        return selectionFrom(c, folderTable, messageTable + " m", recentFloor, folderId);
    }

    /**
     * As {@link #selection(Connection, String, String, String, long)}, the message rows named with their alias
     * {@code m} and whatever follows it (an index hint).
     */
    public static FolderSelection selectionFrom(Connection c, String folderTable, String aliasedMessages,
                                                String recentFloor, long folderId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT f.last_uid, f.highest_modseq, m.uid, m.flags, "
            + recentFloor + " FROM " + folderTable + " f LEFT JOIN " + aliasedMessages + " ON m.folder_id = f.id"
            + " WHERE f.id = ?")) {
            q.setLong(1, folderId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("no folder " + folderId);
                }
                FolderSelection.Builder rows = new FolderSelection.Builder(rs.getLong(1), rs.getLong(2));
                // two JDBC calls per row, not four (H2's result set checks its connection, statement and trace at
                // each, 62 % of a 10,000-message selection's CPU): the floor is the folder's, the same on every row,
                // and a UID is never 0, so a 0 is the LEFT JOIN's null (a folder without messages)
                long floor = rs.getLong(5);
                do {
                    long uid = rs.getLong(3);
                    if (uid != 0) {
                        int flags = rs.getInt(4);
                        rows.add(uid, uid < floor ? flags & ~FlagState.RECENT : flags);
                    }
                } while (rs.next());
                return rows.build();
            }
        }
    }

    /** Where the object recorded under {@code key} for {@code owner} was stored, from {@code keyTable}. */
    public static Optional<RecordedKeys.Entry> recordedKey(Connection c, String keyTable, String owner, String key)
        throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
            "SELECT folder, uid_validity, uid FROM " + keyTable + " WHERE owner = ? AND okey = ?")) {
            q.setString(1, owner.toLowerCase(Locale.ROOT));
            q.setString(2, key);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new RecordedKeys.Entry(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                    : Optional.empty();
            }
        }
    }

    /**
     * The messages of {@code range} in a folder, locked for update (in UID order), each with the flag state
     * {@code update} gives it: what a flag change reads before it allocates a MODSEQ.
     */
    public static List<FlagChange> flagChanges(Connection c, String messageTable, long folderId, UidRange range,
                                               UnaryOperator<FlagState> update) throws SQLException {
        List<FlagChange> changes = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT uid, message_id, flags, keywords, modseq FROM "
            + messageTable + " WHERE folder_id = ? AND uid BETWEEN ? AND ? ORDER BY folder_id, uid FOR UPDATE")) {
            q.setLong(1, folderId);
            q.setLong(2, range.from());
            q.setLong(3, range.to());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    FlagState old = FlagState.parse(rs.getInt(3), rs.getString(4));
                    changes.add(new FlagChange(rs.getLong(1), rs.getString(2), old, update.apply(old), rs.getLong(5)));
                }
            }
        }
        return changes;
    }
}
