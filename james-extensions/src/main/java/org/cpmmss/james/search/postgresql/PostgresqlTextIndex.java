package org.cpmmss.james.search.postgresql;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.cpmmss.james.plumbing.postgresql.PostgresqlDatabase;
import org.cpmmss.james.search.text.SortKeys;
import org.cpmmss.james.search.text.TextDocuments;
import org.cpmmss.james.search.text.TextEntry;
import org.cpmmss.james.search.text.TextIndex;

/**
 * The {@link TextIndex} of {@code storage.backend=postgresql}: shared by every node, one row per message in
 * {@code cpm_search_entry} ({@link TextRow}), the folders' marks in {@code cpm_search_mark}, criteria answered by
 * {@link TextCriteria}. Entries added are written in batches: with the next mark, commit, delete or read, in one
 * transaction together with that mark or change, so a mark is never durable before the entries it covers.
 */
@Singleton
public class PostgresqlTextIndex implements TextIndex {
    /** The Flyway migrations of the search index and their history table. */
    public static final String MIGRATIONS = "db/postgresql/search";
    public static final String HISTORY_TABLE = "cpm_search_schema_history";
    /** Entries buffered beyond this many are written at once. */
    static final int BATCH = 256;
    private static final String UPSERT = "INSERT INTO cpm_search_entry (mailbox_key, uid, arrival_ms, arrival_second,"
        + " saved_ms, size, sent_day, body, header_text, header_values, addresses, header_names, words, grams,"
        + " word_lexemes, sort_subject, sort_from, sort_to, sort_cc, sort_date, sort_arrival, sort_size)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, jsonb_object(?::text[], ?::text[]), jsonb_object(?::text[], ?::text[]),"
        + " ?::text[], ?, array_to_tsvector(?::text[]), array_to_tsvector(?::text[]), ?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (mailbox_key, uid) DO UPDATE SET arrival_ms = EXCLUDED.arrival_ms,"
        + " arrival_second = EXCLUDED.arrival_second, saved_ms = EXCLUDED.saved_ms, size = EXCLUDED.size,"
        + " sent_day = EXCLUDED.sent_day, body = EXCLUDED.body, header_text = EXCLUDED.header_text,"
        + " header_values = EXCLUDED.header_values, addresses = EXCLUDED.addresses, header_names = EXCLUDED.header_names,"
        + " words = EXCLUDED.words, grams = EXCLUDED.grams, word_lexemes = EXCLUDED.word_lexemes,"
        + " sort_subject = EXCLUDED.sort_subject, sort_from = EXCLUDED.sort_from, sort_to = EXCLUDED.sort_to,"
        + " sort_cc = EXCLUDED.sort_cc, sort_date = EXCLUDED.sort_date, sort_arrival = EXCLUDED.sort_arrival,"
        + " sort_size = EXCLUDED.sort_size";

    /** One change written after the buffered entries, in their transaction. */
    private interface Change {
        void apply(Connection connection) throws SQLException;
    }

    private final PostgresqlDatabase database;
    private final List<TextRow> buffered = new ArrayList<>();
    private boolean writeFailed;

    /** Migrates the schema ({@value #MIGRATIONS}) and opens the index. */
    @Inject
    public PostgresqlTextIndex(PostgresqlDatabase database) {
        this.database = database;
        database.migrate(MIGRATIONS, HISTORY_TABLE);
    }

    @Override
    public void add(MailboxMessage message) throws IOException {
        buffer(TextRow.of(TextEntry.of(message)));
    }

    @Override
    public void add(MailboxMessage message, byte[] content) throws IOException {
        buffer(TextRow.of(TextEntry.of(message, content)));
    }

    private void buffer(TextRow row) throws IOException {
        boolean full;
        synchronized (this) {
            buffered.add(row);
            full = buffered.size() >= BATCH;
        }
        if (full) {
            write(null);
        }
    }

    @Override
    public void delete(MailboxId mailboxId, Collection<MessageUid> uids) throws IOException {
        long[] numbers = uids.stream().mapToLong(MessageUid::asLong).toArray();
        write(connection -> update(connection, "DELETE FROM cpm_search_entry WHERE mailbox_key = ? AND uid = ANY(?)",
            TextDocuments.key(mailboxId), (Object) box(numbers)));
    }

    @Override
    public void deleteAll(MailboxId mailboxId) throws IOException {
        write(connection -> update(connection, "DELETE FROM cpm_search_entry WHERE mailbox_key = ?", TextDocuments.key(mailboxId)));
    }

    @Override
    public void setMark(MailboxId mailboxId, long uid) throws IOException {
        write(connection -> update(connection, "INSERT INTO cpm_search_mark (mailbox_key, uid) VALUES (?, ?)"
            + " ON CONFLICT (mailbox_key) DO UPDATE SET uid = GREATEST(cpm_search_mark.uid, EXCLUDED.uid)",
            TextDocuments.key(mailboxId), uid));
    }

    @Override
    public void dropMark(MailboxId mailboxId) throws IOException {
        write(connection -> update(connection, "DELETE FROM cpm_search_mark WHERE mailbox_key = ?", TextDocuments.key(mailboxId)));
    }

    @Override
    public Map<String, Long> marks() throws IOException {
        Map<String, Long> marks = new HashMap<>();
        read("SELECT mailbox_key, uid FROM cpm_search_mark", List.of(), rows -> marks.put(rows.getString(1), rows.getLong(2)));
        return marks;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public OptionalLong sharedMark(MailboxId mailboxId) throws IOException {
        long[] mark = {0};
        read("SELECT uid FROM cpm_search_mark WHERE mailbox_key = ?", List.of(TextDocuments.key(mailboxId)),
            rows -> mark[0] = rows.getLong(1));
        return OptionalLong.of(mark[0]);
    }

    /** Writes the buffered entries; fails when a write failed since the last commit (as the embedded index). */
    @Override
    public void commit() throws IOException {
        write(null);
        synchronized (this) {
            if (writeFailed) {
                writeFailed = false;
                throw new IOException("A search index write failed since the last commit");
            }
        }
    }

    @Override
    public Optional<Set<MessageUid>> uids(MailboxId mailboxId, Criterion criterion) throws IOException {
        Optional<TextCriteria.Condition> condition = TextCriteria.condition(criterion);
        if (condition.isEmpty()) {
            return Optional.empty();
        }
        List<Object> parameters = new ArrayList<>();
        parameters.add(TextDocuments.key(mailboxId));
        parameters.addAll(condition.get().parameters());
        Set<MessageUid> uids = new HashSet<>();
        read("SELECT uid FROM cpm_search_entry WHERE mailbox_key = ? AND (" + condition.get().sql() + ")", parameters,
            rows -> uids.add(MessageUid.of(rows.getLong(1))));
        return Optional.of(uids);
    }

    @Override
    public Map<MessageUid, SortKeys> sortKeys(MailboxId mailboxId, Set<MessageUid> wanted) throws IOException {
        Map<MessageUid, SortKeys> keys = new HashMap<>();
        long[] uids = wanted.stream().mapToLong(MessageUid::asLong).toArray();
        read("SELECT uid, sort_arrival, sort_date, sort_size, sort_subject, sort_from, sort_to, sort_cc"
                + " FROM cpm_search_entry WHERE mailbox_key = ? AND uid = ANY(?)",
            List.of(TextDocuments.key(mailboxId), box(uids)), rows -> {
                MessageUid uid = MessageUid.of(rows.getLong(1));
                keys.put(uid, new SortKeys(uid, rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getString(5),
                    rows.getString(6), rows.getString(7), rows.getString(8)));
            });
        return keys;
    }

    /** What one result row gives. */
    interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    /** Runs a query after writing the buffered entries (a search sees every entry added before it). */
    void read(String sql, List<Object> parameters, RowReader reader) throws IOException {
        write(null);
        try (Connection connection = database.connection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(connection, statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        } catch (SQLException e) {
            throw new IOException("Search index query failed: " + e.getMessage(), e);
        }
    }

    /** Writes the buffered entries and then the change (if any) in one transaction. */
    private synchronized void write(Change change) throws IOException {
        if (buffered.isEmpty() && change == null) {
            return;
        }
        List<TextRow> rows = new ArrayList<>(buffered);
        buffered.clear();
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                if (!rows.isEmpty()) {
                    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                        for (TextRow row : rows) {
                            TextRowBinding.bind(connection, upsert, row);
                            upsert.addBatch();
                        }
                        upsert.executeBatch();
                    }
                }
                if (change != null) {
                    change.apply(connection);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            if (!rows.isEmpty()) {
                writeFailed = true;
            }
            throw new IOException("Search index write failed: " + e.getMessage(), e);
        }
    }

    private static void update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(connection, statement, List.of(parameters));
            statement.executeUpdate();
        }
    }

    private static void bind(Connection connection, PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof Long[] numbers) {
                statement.setArray(i + 1, connection.createArrayOf("bigint", numbers));
            } else if (value instanceof String[] texts) {
                statement.setArray(i + 1, connection.createArrayOf("text", texts));
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    private static Long[] box(long[] numbers) {
        Long[] boxed = new Long[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            boxed[i] = numbers[i];
        }
        return boxed;
    }
}
