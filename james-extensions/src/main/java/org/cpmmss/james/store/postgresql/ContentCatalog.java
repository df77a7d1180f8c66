package org.cpmmss.james.store.postgresql;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

import org.cpmmss.james.store.api.BlobAddress;
import org.cpmmss.james.store.api.StoreException;

/**
 * Single-instance bytes on PostgreSQL: each distinct byte string (by SHA-256) is one {@code mail_content} row counted
 * by the messages that reference it, its bytes one {@code mail_content_bytes} row written only when the content is
 * new. Counting a reference takes the content row's lock, so a release that drops the count to zero and deletes the
 * row and a store of the same bytes at the same moment (on any node) serialise: the store then inserts it anew.
 * Addresses are {@code (content id, 0, 0, length)}.
 */
final class ContentCatalog {
    private static final String UPSERT = "INSERT INTO mail_content(digest, length, refs) VALUES (?, ?, 1)"
        + " ON CONFLICT (digest) DO UPDATE SET refs = mail_content.refs + 1 RETURNING id, refs";

    private ContentCatalog() {
    }

    /** Stores bytes (or counts one more reference to the identical bytes already stored); returns their address. */
    static BlobAddress store(Connection c, byte[] bytes) throws SQLException {
        long id;
        boolean inserted;
        try (PreparedStatement up = c.prepareStatement(UPSERT)) {
            up.setBytes(1, sha256(bytes));
            up.setInt(2, bytes.length);
            try (ResultSet rs = up.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
                inserted = rs.getInt(2) == 1; // an existing content has at least one reference
            }
        }
        if (inserted) {
            try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO mail_content_bytes(content_id, bytes) VALUES (?, ?)")) {
                ins.setLong(1, id);
                ins.setBytes(2, bytes);
                ins.executeUpdate();
            }
        }
        return new BlobAddress(id, 0, 0, bytes.length);
    }

    /** Counts one more reference (COPY: the copy shares the bytes). */
    static void addReference(Connection c, long contentId) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE mail_content SET refs = refs + 1 WHERE id = ?")) {
            up.setLong(1, contentId);
            if (up.executeUpdate() != 1) {
                throw new StoreException("no content " + contentId);
            }
        }
    }

    /**
     * Drops references (content id to how many); a content left without any is deleted with its bytes. Contents
     * are locked in ascending id order, as every other writer's are, to keep concurrent releases from deadlocking.
     */
    static void release(Connection c, Map<Long, Integer> references) throws SQLException {
        try (PreparedStatement down = c.prepareStatement(
            "UPDATE mail_content SET refs = refs - ? WHERE id = ? RETURNING refs");
             PreparedStatement delete = c.prepareStatement("DELETE FROM mail_content WHERE id = ? AND refs <= 0")) {
            for (Map.Entry<Long, Integer> entry : new TreeMap<>(references).entrySet()) {
                down.setInt(1, entry.getValue());
                down.setLong(2, entry.getKey());
                try (ResultSet rs = down.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) > 0) {
                        continue;
                    }
                }
                delete.setLong(1, entry.getKey());
                delete.executeUpdate();
            }
        }
    }

    /** Counts one reference per occurrence of an id in {@code contentIds} into {@code references}. */
    static void count(Map<Long, Integer> references, long... contentIds) {
        for (long id : contentIds) {
            references.merge(id, 1, Integer::sum);
        }
    }

    static byte[] read(Connection c, BlobAddress address) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT bytes FROM mail_content_bytes WHERE content_id = ?")) {
            q.setLong(1, address.blobId());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("content " + address.blobId() + " is no longer stored");
                }
                return rs.getBytes(1);
            }
        }
    }

    /** References counted for a content (0 once it is freed). */
    static int references(Connection c, long contentId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT refs FROM mail_content WHERE id = ?")) {
            q.setLong(1, contentId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
