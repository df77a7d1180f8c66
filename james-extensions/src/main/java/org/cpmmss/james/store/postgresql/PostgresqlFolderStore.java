package org.cpmmss.james.store.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderCounters;
import org.cpmmss.james.store.api.FolderHighWater;
import org.cpmmss.james.store.api.FolderExistsException;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.FolderStore;
import org.cpmmss.james.store.api.StoreException;

/** {@link FolderStore} on the {@code mail_folder} table; names are ordered bytewise ({@code COLLATE "C"}). */
final class PostgresqlFolderStore implements FolderStore {
    private static final String COLUMNS = "SELECT id, namespace, owner, name, uid_validity FROM mail_folder ";
    private static final String DUPLICATE = "23505";

    private final PgTransactor transactor;

    PostgresqlFolderStore(PgTransactor transactor) {
        this.transactor = transactor;
    }

    @Override
    public Folder create(FolderName name, long uidValidity) {
        return transactor.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mail_folder(namespace, owner, name,"
                + " uid_validity) VALUES (?, ?, ?, ?) ON CONFLICT ON CONSTRAINT mail_folder_name DO NOTHING"
                + " RETURNING id")) {
                ps.setString(1, name.namespace());
                ps.setString(2, name.owner());
                ps.setString(3, name.name());
                ps.setLong(4, uidValidity);
                try (ResultSet keys = ps.executeQuery()) {
                    if (!keys.next()) {
                        throw new FolderExistsException(name);
                    }
                    return new Folder(keys.getLong(1), name, uidValidity);
                }
            }
        });
    }

    @Override
    public Optional<Folder> find(FolderName name) {
        return transactor.read(c -> one(c, COLUMNS + "WHERE namespace = ? AND owner = ? AND name = ?",
            name.namespace(), name.owner(), name.name()));
    }

    @Override
    public Optional<Folder> find(long folderId) {
        return transactor.read(c -> one(c, COLUMNS + "WHERE id = ?", folderId));
    }

    @Override
    public List<Folder> listOwned(String namespace, String owner) {
        return transactor.read(c -> many(c, COLUMNS + "WHERE namespace = ? AND owner = ? ORDER BY name COLLATE \"C\"",
            namespace, owner == null ? "" : owner));
    }

    @Override
    public List<Folder> listAll() {
        return transactor.read(c -> many(c, COLUMNS + "ORDER BY id"));
    }

    @Override
    public void rename(long folderId, FolderName newName) {
        transactor.write(c -> {
            if (one(c, COLUMNS + "WHERE namespace = ? AND owner = ? AND name = ?", newName.namespace(),
                newName.owner(), newName.name()).isPresent()) {
                throw new FolderExistsException(newName);
            }
            try (PreparedStatement ps = c.prepareStatement(
                "UPDATE mail_folder SET namespace = ?, owner = ?, name = ? WHERE id = ?")) {
                ps.setString(1, newName.namespace());
                ps.setString(2, newName.owner());
                ps.setString(3, newName.name());
                ps.setLong(4, folderId);
                return ps.executeUpdate();
            } catch (SQLException e) {
                if (DUPLICATE.equals(e.getSQLState())) {
                    throw new FolderExistsException(newName); // taken by a concurrent create on another node
                }
                throw e;
            }
        });
    }

    @Override
    public void delete(long folderId) {
        transactor.write(c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT 1 FROM mail_folder WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, folderId); // folder first, then messages, then contents: the order of every writer
                lock.executeQuery().close();
            }
            Map<Long, Integer> released = new HashMap<>();
            try (PreparedStatement del = c.prepareStatement(
                "DELETE FROM mail_message WHERE folder_id = ? RETURNING header_content, body_content")) {
                del.setLong(1, folderId);
                try (ResultSet rs = del.executeQuery()) {
                    while (rs.next()) {
                        ContentCatalog.count(released, rs.getLong(1), rs.getLong(2));
                    }
                }
            }
            for (String sql : new String[] {"DELETE FROM mail_annotation WHERE folder_id = ?",
                "DELETE FROM mail_folder_keyword WHERE folder_id = ?", "DELETE FROM mail_folder WHERE id = ?"}) {
                try (PreparedStatement del = c.prepareStatement(sql)) {
                    del.setLong(1, folderId);
                    del.executeUpdate();
                }
            }
            ContentCatalog.release(c, released);
            return null;
        });
    }

    @Override
    public boolean hasChildren(FolderName name, char delimiter) {
        String prefix = name.name() + delimiter;
        return transactor.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM mail_folder WHERE namespace = ?"
                + " AND owner = ? AND left(name, ?) = ? LIMIT 1")) {
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
    public FolderCounters counters(long folderId) {
        return transactor.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT f.last_uid, f.highest_modseq,"
                + " (SELECT count(*) FROM mail_message m WHERE m.folder_id = f.id),"
                + " (SELECT count(*) FROM mail_message m WHERE m.folder_id = f.id AND m.flags & 32 = 0)"
                + " FROM mail_folder f WHERE f.id = ?")) {
                q.setLong(1, folderId);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreException("no folder " + folderId);
                    }
                    return new FolderCounters(rs.getLong(3), rs.getLong(4), rs.getLong(1), rs.getLong(2));
                }
            }
        });
    }

    @Override
    public FolderHighWater highWater(long folderId) {
        return transactor.read(c -> {
            try (PreparedStatement q = c.prepareStatement(
                "SELECT last_uid, highest_modseq FROM mail_folder WHERE id = ?")) {
                q.setLong(1, folderId);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreException("no folder " + folderId);
                    }
                    return new FolderHighWater(rs.getLong(1), rs.getLong(2));
                }
            }
        });
    }

    private static Optional<Folder> one(Connection c, String sql, Object... args) throws SQLException {
        List<Folder> found = many(c, sql, args);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static List<Folder> many(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
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
