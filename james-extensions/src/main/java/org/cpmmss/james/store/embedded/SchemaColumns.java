package org.cpmmss.james.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What the schema migrations at open ask the metadata database's catalogue. */
final class SchemaColumns {
    private SchemaColumns() {
    }

    /** Whether {@code table} has {@code column} (both as H2 stores them: upper case). */
    static boolean exists(Connection c, String table, String column) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM INFORMATION_SCHEMA.COLUMNS"
            + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
            q.setString(1, table);
            q.setString(2, column);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The name H2 gave the primary key's index of {@code table} (upper case); it differs from store to store. */
    static String primaryKeyIndex(Connection c, String table) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES"
            + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ? AND INDEX_TYPE_NAME = 'PRIMARY KEY'")) {
            q.setString(1, table);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no primary key on " + table);
                }
                return rs.getString(1);
            }
        }
    }
}
