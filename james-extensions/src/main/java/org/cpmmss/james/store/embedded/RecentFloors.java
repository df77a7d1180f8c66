package org.cpmmss.james.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.StoreException;

/**
 * Each folder's {@code \Recent} floor ({@code folder.recent_floor}): a message is recent when its row carries the
 * {@link FlagState#RECENT} bit <em>and</em> its UID is at or above the floor. SELECT clears {@code \Recent} by raising
 * the floor past the folder's last UID — one folder row written, however many messages were recent — instead of
 * rewriting every recent message's flags row (half of the first SELECT of a conversation after 10,000 arrivals). The
 * bits below the floor stay in their rows and are masked off wherever flags are read; a flag change rewriting such a
 * row writes it without the bit. Messages stored later get UIDs above the floor, so the bit they are stored with
 * (a message APPENDed into the folder its session has selected is stored without it) says whether they are recent.
 *
 * <p>The floors are cached: every read of flags needs its folder's floor, and only this node's store changes one
 * (the embedded store has one node), calling {@link #changed} after the write is forced, and after a folder's
 * deletion (an import into the emptied store creates folders with the ids they had). A read that ran while a
 * floor changed does not fill the cache (as {@link FolderCache}); bounded like it.
 */
final class RecentFloors {
    private static final int CAPACITY = FolderCache.DEFAULT_CAPACITY;

    private final ConcurrentHashMap<Long, Long> floors = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    /** The folder's floor, from the cache or read with {@code c} (0 for a folder that has none: nothing masked). */
    long floor(Connection c, long folderId) throws SQLException {
        Long cached = floors.get(folderId);
        if (cached != null) {
            return cached;
        }
        long seen = changes.get();
        long read;
        try (PreparedStatement q = c.prepareStatement("SELECT recent_floor FROM folder WHERE id = ?")) {
            q.setLong(1, folderId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return 0; // no such folder: nothing to mask, nothing remembered
                }
                read = rs.getLong(1);
            }
        }
        if (changes.get() == seen) {
            if (floors.size() >= CAPACITY) {
                floors.clear();
            }
            floors.put(folderId, read);
            if (changes.get() != seen) {
                floors.remove(folderId);
            }
        }
        return read;
    }

    /** After a forced write that changed the folder's floor. */
    void changed(long folderId) {
        changes.incrementAndGet();
        floors.remove(folderId);
    }

    /** The system flags a row's {@code storedFlags} stand for, given its folder's floor. */
    static int visible(long uid, int storedFlags, long floor) {
        return uid < floor ? storedFlags & ~FlagState.RECENT : storedFlags;
    }

    static FlagState visible(long uid, FlagState stored, long floor) {
        return uid < floor && stored.has(FlagState.RECENT) ? stored.without(FlagState.RECENT) : stored;
    }

    /**
     * Raises the floor past the folder's last UID in {@code c}'s transaction (locking the folder row until it ends, so
     * that two SELECTs clear each message once between them); returns {@code [old floor, last UID]}.
     */
    static long[] raise(Connection c, long folderId) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("SELECT recent_floor, last_uid FROM OLD TABLE"
            + " (UPDATE folder SET recent_floor = last_uid + 1 WHERE id = ?)")) {
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
     * Makes the bits below the floor what they stand for (cleared) and drops the floor to 0, in {@code c}'s
     * transaction: before a flag change sets {@code \Recent} on a message below the floor (James's mapper contract
     * allows it; no IMAP command does), which a floor cannot express. Rare; rewrites the rows that still carry
     * the bit below the floor.
     */
    static void lower(Connection c, long folderId, long floor) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE message_flags SET flags = BITAND(flags, CAST(? AS INT))"
            + " WHERE folder_id = ? AND uid < ? AND BITAND(flags, CAST(? AS INT)) <> 0")) {
            up.setInt(1, ~FlagState.RECENT);
            up.setLong(2, folderId);
            up.setLong(3, floor);
            up.setInt(4, FlagState.RECENT);
            up.executeUpdate();
        }
        try (PreparedStatement up = c.prepareStatement("UPDATE folder SET recent_floor = 0 WHERE id = ?")) {
            up.setLong(1, folderId);
            up.executeUpdate();
        }
    }
}
