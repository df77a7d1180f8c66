package org.cpmmss.james.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.cpmmss.james.store.api.AnnotationStore;

/**
 * {@link AnnotationStore} on the H2 {@code annotation} table; entry names are matched case-insensitively (the
 * lower-cased name is the key), the name is kept as written.
 */
final class EmbeddedAnnotationStore implements AnnotationStore {
    private final Transactor transactor;
    private final EntryChanges changes;

    EmbeddedAnnotationStore(Transactor transactor, EntryChanges changes) {
        this.transactor = transactor;
        this.changes = changes;
    }

    private static String key(String entry) {
        return entry.toLowerCase(Locale.ROOT);
    }

    @Override
    public SortedMap<String, String> all(long folderId) {
        return new TreeMap<>(query(folderId, "", false));
    }

    @Override
    public Optional<String> get(long folderId, String entry) {
        return Optional.ofNullable(query(folderId, key(entry), true).values().stream().findFirst().orElse(null));
    }

    @Override
    public Map<String, String> withPrefix(long folderId, String prefix) {
        return query(folderId, key(prefix), false);
    }

    private Map<String, String> query(long folderId, String key, boolean exact) {
        return transactor.read(tx -> {
            String sql = "SELECT entry, entry_value FROM annotation WHERE folder_id = ? AND "
                + (exact ? "entry_key = ?" : "LEFT(entry_key, ?) = ?") + " ORDER BY folder_id, entry_key";
            try (PreparedStatement q = tx.connection().prepareStatement(sql)) {
                q.setLong(1, folderId);
                if (exact) {
                    q.setString(2, key);
                } else {
                    q.setInt(2, key.length());
                    q.setString(3, key);
                }
                Map<String, String> out = new LinkedHashMap<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void put(long folderId, String entry, String value) {
        try {
            putRow(folderId, entry, value);
        } finally {
            changes.changed();
        }
    }

    private void putRow(long folderId, String entry, String value) {
        transactor.write(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement("MERGE INTO annotation(folder_id, entry_key,"
                + " entry, entry_value) KEY(folder_id, entry_key) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, folderId);
                ps.setString(2, key(entry));
                ps.setString(3, entry);
                ps.setString(4, value);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void remove(long folderId, String entry) {
        try {
            removeRow(folderId, entry);
        } finally {
            changes.changed();
        }
    }

    private void removeRow(long folderId, String entry) {
        transactor.write(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement(
                "DELETE FROM annotation WHERE folder_id = ? AND entry_key = ?")) {
                ps.setLong(1, folderId);
                ps.setString(2, key(entry));
                return ps.executeUpdate();
            }
        });
    }
}
