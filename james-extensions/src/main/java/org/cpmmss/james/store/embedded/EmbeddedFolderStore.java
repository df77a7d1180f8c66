package org.cpmmss.james.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderCounters;
import org.cpmmss.james.store.api.FolderExistsException;
import org.cpmmss.james.store.api.FolderHighWater;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.FolderStore;
import org.cpmmss.james.store.api.StoreException;
import org.cpmmss.james.store.embedded.Transactor.Tx;

/** {@link FolderStore} on the H2 {@code folder} table. */
final class EmbeddedFolderStore implements FolderStore {
    private static final String COLUMNS = "SELECT id, namespace, owner, name, uid_validity FROM folder ";
    private static final String DUPLICATE = "23505";

    private final Transactor transactor;
    private final BlobCatalog blobs;
    private final FolderCache cache = new FolderCache();
    private final RecentFloors recentFloors;
    private final EntryChanges entryChanges;
    private final MessageContentCache contents;

    EmbeddedFolderStore(Transactor transactor, BlobCatalog blobs, RecentFloors recentFloors, EntryChanges entryChanges,
                        MessageContentCache contents) {
        this.transactor = transactor;
        this.contents = contents;
        this.blobs = blobs;
        this.recentFloors = recentFloors;
        this.entryChanges = entryChanges;
    }

    @Override
    public Folder create(FolderName name, long uidValidity) {
        return transactor.write(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO folder(namespace, owner, name,"
                + " uid_validity, last_uid, highest_modseq) VALUES (?, ?, ?, ?, 0, 0)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, name.namespace());
                ps.setString(2, name.owner());
                ps.setString(3, name.name());
                ps.setLong(4, uidValidity);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return new Folder(keys.getLong(1), name, uidValidity);
                }
            } catch (SQLException e) {
                throw duplicateOr(e, name);
            }
        });
    }

    private static RuntimeException duplicateOr(SQLException e, FolderName name) {
        if (DUPLICATE.equals(e.getSQLState())) {
            return new FolderExistsException(name);
        }
        return new StoreException("folder write failed", e);
    }

    @Override
    public Optional<Folder> find(FolderName name) {
        return cache.find(name, n -> transactor.read(tx -> one(tx, COLUMNS + "WHERE namespace = ? AND owner = ? AND name = ?",
            n.namespace(), n.owner(), n.name())));
    }

    @Override
    public Optional<Folder> find(long folderId) {
        return cache.find(folderId, id -> transactor.read(tx -> one(tx, COLUMNS + "WHERE id = ?", id)));
    }

    @Override
    public List<Folder> listOwned(String namespace, String owner) {
        return transactor.read(tx -> many(tx,
            COLUMNS + "WHERE namespace = ? AND owner = ? ORDER BY namespace, owner, name", namespace,
            owner == null ? "" : owner));
    }

    @Override
    public List<Folder> listAll() {
        return transactor.read(tx -> many(tx, COLUMNS + "ORDER BY id"));
    }

    @Override
    public void rename(long folderId, FolderName newName) {
        try {
            renameRow(folderId, newName);
        } finally {
            cache.changed(folderId);
            entryChanges.changed(); // the folder's entries now read under another name
        }
    }

    private void renameRow(long folderId, FolderName newName) {
        transactor.write(tx -> {
            if (one(tx, COLUMNS + "WHERE namespace = ? AND owner = ? AND name = ?", newName.namespace(),
                newName.owner(), newName.name()).isPresent()) {
                throw new FolderExistsException(newName);
            }
            try (PreparedStatement ps = tx.connection().prepareStatement(
                "UPDATE folder SET namespace = ?, owner = ?, name = ? WHERE id = ?")) {
                ps.setString(1, newName.namespace());
                ps.setString(2, newName.owner());
                ps.setString(3, newName.name());
                ps.setLong(4, folderId);
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw duplicateOr(e, newName);
            }
        });
    }

    @Override
    public void delete(long folderId) {
        try {
            deleteRows(folderId);
        } finally {
            cache.changed(folderId);
            recentFloors.changed(folderId); // an import into the emptied store may create a folder with its id again
            entryChanges.changed(); // its entries went with it
        }
    }

    private void deleteRows(long folderId) {
        transactor.write(tx -> {
            Connection c = tx.connection();
            List<Long> released = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(
                "SELECT header_blob, body_blob FROM message WHERE folder_id = ?")) {
                q.setLong(1, folderId);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        released.add(rs.getLong(1));
                        released.add(rs.getLong(2));
                    }
                }
            }
            for (String sql : new String[] {"DELETE FROM message WHERE folder_id = ?",
                "DELETE FROM message_flags WHERE folder_id = ?",
                "DELETE FROM annotation WHERE folder_id = ?",
                "DELETE FROM folder_keyword WHERE folder_id = ?", "DELETE FROM folder WHERE id = ?"}) {
                try (PreparedStatement del = c.prepareStatement(sql)) {
                    del.setLong(1, folderId);
                    del.executeUpdate();
                }
            }
            for (long blobId : released) {
                blobs.release(tx, blobId);
            }
            tx.afterCommit(() -> contents.forgetFolder(folderId));
            return null;
        });
    }

    @Override
    public boolean hasChildren(FolderName name, char delimiter) {
        String prefix = name.name() + delimiter;
        return transactor.read(tx -> {
            try (PreparedStatement q = tx.connection().prepareStatement("SELECT 1 FROM folder WHERE namespace = ?"
                + " AND owner = ? AND LEFT(name, ?) = ? LIMIT 1")) {
                q.setString(1, name.namespace());
                q.setString(2, name.owner());
                q.setInt(3, prefix.length());
                q.setString(4, prefix);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public FolderHighWater highWater(long folderId) {
        return transactor.read(tx -> highWater(tx.connection(), folderId));
    }

    private static FolderHighWater highWater(Connection c, long folderId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT last_uid, highest_modseq FROM folder WHERE id = ?")) {
            q.setLong(1, folderId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("no folder " + folderId);
                }
                return new FolderHighWater(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    @Override
    public FolderCounters counters(long folderId) {
        return transactor.read(tx -> {
            Connection c = tx.connection();
            FolderHighWater highWater = highWater(c, folderId);
            try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(CASE WHEN BITAND(flags, 32) = 0"
                + " THEN 1 ELSE 0 END), 0) FROM message_flags WHERE folder_id = ?")) {
                q.setLong(1, folderId);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return new FolderCounters(rs.getLong(1), rs.getLong(2), highWater.lastUid(),
                        highWater.highestModSeq());
                }
            }
        });
    }

    private static Optional<Folder> one(Tx tx, String sql, Object... args) throws SQLException {
        List<Folder> found = many(tx, sql, args);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static List<Folder> many(Tx tx, String sql, Object... args) throws SQLException {
        try (PreparedStatement q = tx.connection().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setObject(i + 1, args[i]);
            }
            List<Folder> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Folder(rs.getLong(1), new FolderName(rs.getString(2), rs.getString(3),
                        rs.getString(4)), rs.getLong(5)));
                }
            }
            return out;
        }
    }
}
