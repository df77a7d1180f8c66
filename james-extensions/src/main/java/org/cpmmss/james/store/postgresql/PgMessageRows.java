package org.cpmmss.james.store.postgresql;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import org.cpmmss.james.store.api.BlobAddress;
import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.MessageFlags;
import org.cpmmss.james.store.api.MimeProperty;
import org.cpmmss.james.store.api.MimeSummary;
import org.cpmmss.james.store.api.StoredMessage;

/**
 * The SQL shape of a {@code mail_message} row: the select list (with the lengths of its two contents), reading a row
 * into a {@link StoredMessage}, inserting one. The MIME properties are a text array of (namespace, name, value)
 * triples; PostgreSQL text cannot hold NUL, which is replaced by U+FFFD.
 */
final class PgMessageRows {
    static final String SELECT = "SELECT m.folder_id, m.uid, m.modseq, m.flags, m.keywords, m.internal_date,"
        + " m.save_date, m.message_id, m.thread_id, m.media_type, m.sub_type, m.line_count, m.mime_props,"
        + " h.id, h.length, b.id, b.length"
        + " FROM mail_message m JOIN mail_content h ON h.id = m.header_content"
        + " JOIN mail_content b ON b.id = m.body_content ";

    static final String FLAGS = "SELECT uid, modseq, flags, keywords, message_id, thread_id FROM mail_message ";

    private static final String INSERT = "INSERT INTO mail_message(folder_id, uid, modseq, flags, keywords,"
        + " internal_date, save_date, message_id, thread_id, media_type, sub_type, line_count, mime_props,"
        + " header_content, body_content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private PgMessageRows() {
    }

    static StoredMessage read(ResultSet rs) throws SQLException {
        long lineCount = rs.getLong(12);
        Long lines = rs.wasNull() ? null : lineCount;
        MimeSummary mime = new MimeSummary(rs.getString(10), rs.getString(11), lines, decode(rs.getArray(13)));
        return new StoredMessage(rs.getLong(1), rs.getLong(2), rs.getLong(3),
            FlagState.parse(rs.getInt(4), rs.getString(5)), rs.getLong(6), rs.getLong(7), rs.getString(8),
            rs.getString(9), mime, new BlobAddress(rs.getLong(14), 0, 0, rs.getInt(15)),
            new BlobAddress(rs.getLong(16), 0, 0, rs.getInt(17)));
    }

    static List<StoredMessage> readAll(PreparedStatement q) throws SQLException {
        List<StoredMessage> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs));
            }
        }
        return out;
    }

    /** Reads rows selected with {@link #FLAGS}. */
    static List<MessageFlags> readFlags(PreparedStatement q) throws SQLException {
        List<MessageFlags> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(new MessageFlags(rs.getLong(1), rs.getLong(2), FlagState.parse(rs.getInt(3), rs.getString(4)),
                    rs.getString(5), rs.getString(6)));
            }
        }
        return out;
    }

    static void insert(Connection c, StoredMessage m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setLong(1, m.folderId());
            ps.setLong(2, m.uid());
            ps.setLong(3, m.modSeq());
            ps.setInt(4, m.flags().systemFlags());
            ps.setString(5, m.flags().keywordText());
            ps.setLong(6, m.internalDate());
            ps.setLong(7, m.saveDate());
            ps.setString(8, text(m.messageId()));
            ps.setString(9, text(m.threadId()));
            ps.setString(10, text(m.mime().mediaType()));
            ps.setString(11, text(m.mime().subType()));
            if (m.mime().textualLineCount() == null) {
                ps.setNull(12, Types.BIGINT);
            } else {
                ps.setLong(12, m.mime().textualLineCount());
            }
            ps.setArray(13, encode(c, m.mime().properties()));
            ps.setLong(14, m.header().blobId());
            ps.setLong(15, m.body().blobId());
            ps.executeUpdate();
        }
    }

    private static Array encode(Connection c, List<MimeProperty> properties) throws SQLException {
        String[] flat = new String[properties.size() * 3];
        int i = 0;
        for (MimeProperty p : properties) {
            flat[i++] = text(p.namespace());
            flat[i++] = text(p.name());
            flat[i++] = text(p.value());
        }
        return c.createArrayOf("text", flat);
    }

    private static List<MimeProperty> decode(Array array) throws SQLException {
        List<MimeProperty> out = new ArrayList<>();
        if (array == null) {
            return out;
        }
        String[] flat = (String[]) array.getArray();
        for (int i = 0; i + 2 < flat.length; i += 3) {
            out.add(new MimeProperty(flat[i], flat[i + 1], flat[i + 2]));
        }
        return out;
    }

    private static String text(String value) {
        return value == null || value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
    }
}
