package org.cpmmss.james.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.cpmmss.james.store.api.StoreException;
import org.cpmmss.james.store.embedded.Transactor.Tx;

/**
 * Allocates UIDs and MODSEQs from a folder's row inside the caller's transaction: the row update locks the folder
 * for concurrent writers, and the allocation commits (and is forced) with the write that uses it, so neither goes
 * back after a crash. MODSEQs start at 2, as Dovecot's: an empty folder reports HIGHESTMODSEQ 1
 * (RFC 7162 wants a positive value), so a client that read it finds the first message with CHANGEDSINCE 1.
 */
final class FolderCounter {
    private FolderCounter() {
    }

    /** {@code [uid, modseq]}: the next UID (when {@code withUid}; else the last one) and the next MODSEQ. */
    static long[] allocate(Tx tx, long folderId, boolean withUid) throws SQLException {
        // one statement: the row update (which locks the folder row until commit) and its new values
        String sql = withUid
            ? "SELECT last_uid, highest_modseq FROM FINAL TABLE (UPDATE folder SET last_uid = last_uid + 1,"
                + " highest_modseq = GREATEST(highest_modseq, 1) + 1 WHERE id = ?)"
            : "SELECT last_uid, highest_modseq FROM FINAL TABLE (UPDATE folder SET highest_modseq = GREATEST(highest_modseq, 1) + 1"
                + " WHERE id = ?)";
        try (PreparedStatement up = tx.connection().prepareStatement(sql)) {
            up.setLong(1, folderId);
            try (ResultSet rs = up.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("no folder " + folderId);
                }
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /**
     * Allocates {@code count} UIDs and MODSEQs of the folder at once, the values {@code count} calls of
     * {@link #allocate(Tx, long, boolean) allocate(tx, folderId, true)} would give in turn: returns the first UID and
     * the first MODSEQ (the others follow them one by one).
     */
    static long[] allocateUids(Tx tx, long folderId, int count) throws SQLException {
        try (PreparedStatement up = tx.connection().prepareStatement("SELECT last_uid, highest_modseq FROM FINAL TABLE"
            + " (UPDATE folder SET last_uid = last_uid + ?, highest_modseq = GREATEST(highest_modseq, 1) + ? WHERE id = ?)")) {
            up.setLong(1, count);
            up.setLong(2, count);
            up.setLong(3, folderId);
            try (ResultSet rs = up.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("no folder " + folderId);
                }
                return new long[] {rs.getLong(1) - count + 1, rs.getLong(2) - count + 1};
            }
        }
    }
}
