package org.cpmmss.james.store.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.cpmmss.james.store.api.StoreException;

/**
 * Allocates UIDs and MODSEQs from a folder's row inside the caller's transaction, with one
 * {@code UPDATE ... RETURNING}: the row lock it takes makes every other writer of the folder, on this node or
 * another, wait until this transaction has committed, so allocations are distinct and committed in increasing order,
 * and an allocation is durable with the write that uses it (neither goes back after a crash). MODSEQs start at 2, as
 * the embedded store's (FolderCounter).
 */
final class FolderAllocator {
    private FolderAllocator() {
    }

    /** {@code [uid, modseq]}: the next UID (when {@code withUid}; else the last one) and the next MODSEQ. */
    static long[] allocate(Connection c, long folderId, boolean withUid) throws SQLException {
        String sql = withUid
            ? "UPDATE mail_folder SET last_uid = last_uid + 1, highest_modseq = GREATEST(highest_modseq, 1) + 1 WHERE id = ?"
            : "UPDATE mail_folder SET highest_modseq = GREATEST(highest_modseq, 1) + 1 WHERE id = ?";
        try (PreparedStatement up = c.prepareStatement(sql + " RETURNING last_uid, highest_modseq")) {
            up.setLong(1, folderId);
            try (ResultSet rs = up.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("no folder " + folderId);
                }
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /** Locks the folder row without allocating (a flag update that may not change anything). */
    static void lock(Connection c, long folderId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM mail_folder WHERE id = ? FOR UPDATE")) {
            q.setLong(1, folderId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("no folder " + folderId);
                }
            }
        }
    }
}
