package org.cpmmss.james.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

import org.cpmmss.james.store.api.BlobAddress;
import org.cpmmss.james.store.api.DecodedOnUse;
import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.MimeProperty;
import org.cpmmss.james.store.api.MimeSummary;
import org.cpmmss.james.store.api.StoredMessage;

/** The SQL shape of a message row: the select list, reading a row into a {@link StoredMessage}, inserting one. */
final class MessageRows {
    /**
     * The columns after a message's flags, its two blobs' ids and places as the row keeps them ({@link BlobPlaces}: no
     * join to the blob rows; a place in a segment deleted since is looked up by {@link #placed}): shared by both
     * select lists.
     */
    private static final String REST_OF_ROW = " m.internal_date, m.save_date, m.message_id, m.thread_id, m.media_type,"
        + " m.sub_type, m.line_count, m.mime_props, m.header_blob, m.header_segment, m.header_pos, m.header_length,"
        + " m.body_blob, m.body_segment, m.body_pos, m.body_length ";

    static final String SELECT = "SELECT m.folder_id, m.uid, s.modseq, s.flags, s.keywords," + REST_OF_ROW
        + " FROM message m JOIN message_flags s ON s.folder_id = m.folder_id AND s.uid = m.uid ";

    /**
     * {@link #SELECT} without the flags rows (their columns read as 0, 0, ''): a listing of many messages reads them in
     * a second key-ordered pass and {@link #withFlags merges} them, cheaper than a key look-up per message.
     */
    static final String SELECT_WITHOUT_FLAGS = "SELECT m.folder_id, m.uid, 0, 0, ''," + REST_OF_ROW + " FROM message m ";

    static final String FLAGS_IN_RANGE = "SELECT uid, modseq, flags, keywords FROM message_flags"
        + " WHERE folder_id = ? AND uid BETWEEN ? AND ? ORDER BY folder_id, uid";

    private static final String INSERT = "INSERT INTO message(folder_id, uid, internal_date, save_date, message_id,"
        + " thread_id, media_type, sub_type, line_count, mime_props, header_blob, body_blob, header_segment, header_pos,"
        + " header_length, body_segment, body_pos, body_length) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String INSERT_FLAGS = "INSERT INTO message_flags(folder_id, uid, modseq, flags, keywords)"
        + " VALUES (?, ?, ?, ?, ?)";

    private static final char FIELD = '\u0000';
    private static final char RECORD = '\u0001';

    /**
     * The namespaces James gives MIME properties (its {@code StandardNames}), written as one character each,
     * {@link #NAMESPACE_CODE} + index: the URIs were three quarters of a row's bytes (246 of about 330 characters for a
     * plain-text chat object), which every page write and every {@code \Recent} clear serialised again. On-disk codes:
     * append to this list, never reorder it. Rows written before hold the URIs and read back as they are.
     */
    private static final List<String> NAMESPACES = List.of(
        "http://james.apache.org/rfc2045",
        "http://james.apache.org/rfc2045/Content-Type",
        "http://james.apache.org/rfc2045/Content-Type/params",
        "http://james.apache.org/rfc2557",
        "http://james.apache.org/rfc1864",
        "http://james.apache.org/rfc1766",
        "http://james.apache.org/rfc2183",
        "http://james.apache.org/rfc2183Content-Disposition",
        "http://james.apache.org/rfc2183Content-Disposition/params");
    /**
     * First code: an ASCII control character, never the whole of a namespace URI, and ASCII keeps the column a
     * one-byte-per-character string (a character above U+00FF would make Java and H2 handle it as UTF-16).
     */
    private static final char NAMESPACE_CODE = '\u0010';

    private MessageRows() {
    }

    /** A row of {@link #SELECT}; its {@code \Recent} bit counts only at and above {@code recentFloor}. */
    static StoredMessage read(ResultSet rs, long recentFloor) throws SQLException {
        long lineCount = rs.getLong(12);
        Long lines = rs.wasNull() ? null : lineCount;
        String properties = rs.getString(13);
        MimeSummary mime = new MimeSummary(rs.getString(10), rs.getString(11), lines,
            new DecodedOnUse<>(() -> decode(properties)));
        return new StoredMessage(rs.getLong(1), rs.getLong(2), rs.getLong(3),
            flags(rs.getLong(2), rs.getInt(4), rs.getString(5), recentFloor), rs.getLong(6), rs.getLong(7),
            rs.getString(8), rs.getString(9), mime,
            new BlobAddress(rs.getLong(14), rs.getLong(15), rs.getLong(16), rs.getInt(17)),
            new BlobAddress(rs.getLong(18), rs.getLong(19), rs.getLong(20), rs.getInt(21)));
    }

    /** A flags column and its keywords as they count for a message of UID {@code uid} ({@link RecentFloors}). */
    static FlagState flags(long uid, int storedFlags, String keywords, long recentFloor) {
        return FlagState.parse(RecentFloors.visible(uid, storedFlags, recentFloor), keywords);
    }

    static List<StoredMessage> readAll(PreparedStatement q, long recentFloor) throws SQLException {
        List<StoredMessage> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs, recentFloor));
            }
        }
        return out;
    }

    /**
     * The messages of {@code messages} (UID order) with the flags, keywords and MODSEQ of their flags rows, read by
     * {@link #FLAGS_IN_RANGE} (UID order); a message without one (expunged between the two reads) is left out.
     */
    static List<StoredMessage> withFlags(List<StoredMessage> messages, PreparedStatement flagsInRange,
                                         long recentFloor) throws SQLException {
        List<StoredMessage> out = new ArrayList<>(messages.size());
        int next = 0;
        try (ResultSet rs = flagsInRange.executeQuery()) {
            while (rs.next() && next < messages.size()) {
                long uid = rs.getLong(1);
                while (next < messages.size() && messages.get(next).uid() < uid) {
                    next++;
                }
                if (next < messages.size() && messages.get(next).uid() == uid) {
                    out.add(messages.get(next++).withFlags(flags(uid, rs.getInt(3), rs.getString(4), recentFloor),
                        rs.getLong(2)));
                }
            }
        }
        return out;
    }

    /**
     * {@code messages} with each blob place whose segment is gone ({@code present} says no: a compaction moved the
     * blob since the row was written) replaced by the blob row's, looked up with {@code c}; the list itself when
     * every place stands (the common case: no statement).
     */
    static List<StoredMessage> placed(Connection c, List<StoredMessage> messages, LongPredicate present)
        throws SQLException {
        List<StoredMessage> out = null;
        for (int i = 0; i < messages.size(); i++) {
            StoredMessage m = messages.get(i);
            boolean header = !present.test(m.header().segment());
            boolean body = !present.test(m.body().segment());
            if (!header && !body) {
                if (out != null) {
                    out.add(m);
                }
                continue;
            }
            if (out == null) {
                out = new ArrayList<>(messages.subList(0, i));
            }
            out.add(m.withBlobs(header ? locate(c, m.header()) : m.header(), body ? locate(c, m.body()) : m.body()));
        }
        return out == null ? messages : out;
    }

    /** Where the blob of {@code kept} is now, per its row ({@code kept} itself once the blob is freed). */
    private static BlobAddress locate(Connection c, BlobAddress kept) throws SQLException {
        BlobAddress now = BlobCatalog.locate(c, kept.blobId());
        return now == null ? kept : now;
    }

    /** Inserts a message: its row and its flags row. */
    static void insert(Connection c, StoredMessage m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setLong(1, m.folderId());
            ps.setLong(2, m.uid());
            ps.setLong(3, m.internalDate());
            ps.setLong(4, m.saveDate());
            ps.setString(5, m.messageId());
            ps.setString(6, m.threadId());
            ps.setString(7, m.mime().mediaType());
            ps.setString(8, m.mime().subType());
            if (m.mime().textualLineCount() == null) {
                ps.setNull(9, Types.BIGINT);
            } else {
                ps.setLong(9, m.mime().textualLineCount());
            }
            ps.setString(10, encode(m.mime().properties()));
            ps.setLong(11, m.header().blobId());
            ps.setLong(12, m.body().blobId());
            ps.setLong(13, m.header().segment());
            ps.setLong(14, m.header().offset());
            ps.setInt(15, m.header().length());
            ps.setLong(16, m.body().segment());
            ps.setLong(17, m.body().offset());
            ps.setInt(18, m.body().length());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_FLAGS)) {
            ps.setLong(1, m.folderId());
            ps.setLong(2, m.uid());
            ps.setLong(3, m.modSeq());
            ps.setInt(4, m.flags().systemFlags());
            ps.setString(5, m.flags().keywordText());
            ps.executeUpdate();
        }
    }

    /** Deletes a message's row and its flags row. */
    static void delete(Connection c, long folderId, long uid) throws SQLException {
        for (String sql : new String[] {"DELETE FROM message WHERE folder_id = ? AND uid = ?",
            "DELETE FROM message_flags WHERE folder_id = ? AND uid = ?"}) {
            try (PreparedStatement del = c.prepareStatement(sql)) {
                del.setLong(1, folderId);
                del.setLong(2, uid);
                del.executeUpdate();
            }
        }
    }

    static String encode(List<MimeProperty> properties) {
        StringBuilder sb = new StringBuilder();
        for (MimeProperty p : properties) {
            int code = NAMESPACES.indexOf(p.namespace());
            if (code >= 0) {
                sb.append((char) (NAMESPACE_CODE + code));
            } else {
                sb.append(p.namespace());
            }
            sb.append(FIELD).append(p.name()).append(FIELD).append(p.value()).append(RECORD);
        }
        return sb.toString();
    }

    /** The MIME properties of a row (scanned by hand, no split arrays; decoded when first read: {@link DecodedOnUse}). */
    static List<MimeProperty> decode(String text) {
        List<MimeProperty> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        int start = 0;
        int length = text.length();
        while (start < length) {
            int end = text.indexOf(RECORD, start);
            if (end < 0) {
                end = length;
            }
            int first = text.indexOf(FIELD, start);
            int second = first < 0 || first >= end ? -1 : text.indexOf(FIELD, first + 1);
            if (second >= 0 && second < end) {
                out.add(new MimeProperty(namespace(text, start, first), text.substring(first + 1, second),
                    text.substring(second + 1, end)));
            }
            start = end + 1;
        }
        return out;
    }

    private static String namespace(String text, int start, int end) {
        if (end == start + 1) {
            int code = text.charAt(start) - NAMESPACE_CODE;
            if (code >= 0 && code < NAMESPACES.size()) {
                return NAMESPACES.get(code);
            }
        }
        return text.substring(start, end);
    }
}
