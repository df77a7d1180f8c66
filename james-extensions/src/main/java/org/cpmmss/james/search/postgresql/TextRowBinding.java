package org.cpmmss.james.search.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Binds a {@link TextRow} to the parameters of {@code PostgresqlTextIndex}'s upsert, in its column order. */
final class TextRowBinding {
    private TextRowBinding() {
    }

    static void bind(Connection connection, PreparedStatement upsert, TextRow row) throws SQLException {
        int i = 0;
        upsert.setString(++i, row.mailboxKey());
        upsert.setLong(++i, row.uid());
        upsert.setString(++i, row.arrivalMs());
        upsert.setString(++i, row.arrivalSecond());
        upsert.setString(++i, row.savedMs());
        upsert.setLong(++i, row.size());
        upsert.setString(++i, row.sentDay());
        upsert.setString(++i, row.body());
        upsert.setString(++i, row.headerText());
        upsert.setArray(++i, connection.createArrayOf("text", row.headerNamesOfValues()));
        upsert.setArray(++i, connection.createArrayOf("text", row.headerValues()));
        upsert.setArray(++i, connection.createArrayOf("text", row.addressNames()));
        upsert.setArray(++i, connection.createArrayOf("text", row.addressValues()));
        upsert.setArray(++i, connection.createArrayOf("text", row.headerNames()));
        upsert.setString(++i, row.words());
        texts(connection, upsert, ++i, row.grams());
        texts(connection, upsert, ++i, row.wordLexemes());
        upsert.setString(++i, TextRow.clean(row.keys().subject()));
        upsert.setString(++i, TextRow.clean(row.keys().from()));
        upsert.setString(++i, TextRow.clean(row.keys().to()));
        upsert.setString(++i, TextRow.clean(row.keys().cc()));
        upsert.setLong(++i, row.keys().date());
        upsert.setLong(++i, row.keys().arrival());
        upsert.setLong(++i, row.keys().size());
    }

    private static void texts(Connection connection, PreparedStatement upsert, int index, String[] values) throws SQLException {
        upsert.setArray(index, connection.createArrayOf("text", values));
    }
}
