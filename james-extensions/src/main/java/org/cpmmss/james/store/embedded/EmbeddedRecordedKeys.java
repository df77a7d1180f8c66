package org.cpmmss.james.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.cpmmss.james.store.api.RecordedKey;
import org.cpmmss.james.store.api.RecordedKeys;
import org.cpmmss.james.store.embedded.Transactor.Tx;

/**
 * {@link RecordedKeys} in the metadata database ({@code recorded_key}, one narrow row per key under the first half of
 * its 128-bit hash, the folder by reference: {@link RecordedKeyRows}): written by the append in its own transaction
 * ({@link #insert}), so a key is in the same H2 chunk, under the same force, as the message it records.
 */
final class EmbeddedRecordedKeys implements RecordedKeys {
    /**
     * The index the expiry deletes by. Created by the first {@link #forgetBefore} (a dedupe retention is configured),
     * not with the table: under the default retention (for ever) nothing reads it, and every append would pay for it
     * (one more B-tree path in each commit's chunk, about a quarter of a key row's space; docs/benchmarks.md,
     * "Sixteenth session"). A store created before keeps its index.
     */
    static final String INDEX = "CREATE INDEX IF NOT EXISTS recorded_key_at ON recorded_key(recorded_at)";
    private static final String DUPLICATE = "23505";
    private static final int KEYS_PER_PAGE = 10_000;
    private static final String ENTRY = "SELECT f.folder, f.uid_validity, k.uid FROM %s k JOIN recorded_folder f"
        + " ON f.id = k.folder_ref WHERE k.khash = ? AND k.khash2 = ?";

    private final Transactor transactor;
    private final Clock clock;
    /**
     * The {@code recorded_folder} ids of the folder paths and UIDVALIDITYs keys were recorded for, once the row that
     * gave the id is forced (an id learnt from a write that was later rolled back or lost must not be handed out).
     */
    private final Map<FolderRef, Integer> folderRefs = new ConcurrentHashMap<>();
    private volatile boolean expiryIndexed;
    /** The keys the tables may hold: a key it does not hold is not looked up ({@link RecordedKeyFilter}). */
    private final RecordedKeyFilter filter;
    private final AtomicLong lookups = new AtomicLong();

    private record FolderRef(String folder, long uidValidity) {
    }

    EmbeddedRecordedKeys(Transactor transactor, Clock clock) {
        this.transactor = transactor;
        this.clock = clock;
        this.filter = RecordedKeyFilter.start(transactor.read(tx -> count(tx.connection(), "recorded_key")
            + count(tx.connection(), "recorded_key_more")), this::eachKey);
    }

    private static long count(Connection c, String table) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM " + table);
             ResultSet rs = q.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Every key of both tables, for {@link RecordedKeyFilter}: the main table in pages by its primary key, each page a
     * read of its own (the reading thread does not hold a pooled connection for the whole table).
     */
    private void eachKey(java.util.function.Consumer<RecordedKeyHash> key) {
        long[] after = {Long.MIN_VALUE};
        boolean[] first = {true};
        int[] read = new int[1];
        do {
            read[0] = 0;
            transactor.read(tx -> {
                try (PreparedStatement q = tx.connection().prepareStatement("SELECT khash, khash2 FROM recorded_key"
                    + (first[0] ? "" : " WHERE khash > ?") + " ORDER BY khash FETCH FIRST " + KEYS_PER_PAGE + " ROWS ONLY")) {
                    if (!first[0]) {
                        q.setLong(1, after[0]);
                    }
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            after[0] = rs.getLong(1);
                            key.accept(new RecordedKeyHash(after[0], rs.getLong(2)));
                            read[0]++;
                        }
                    }
                }
                return null;
            });
            first[0] = false;
        } while (read[0] == KEYS_PER_PAGE);
        transactor.read(tx -> {
            try (PreparedStatement q = tx.connection().prepareStatement("SELECT khash, khash2 FROM recorded_key_more");
                 ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    key.accept(new RecordedKeyHash(rs.getLong(1), rs.getLong(2)));
                }
            }
            return null;
        });
    }

    /** Waits until the keys already recorded are read into memory (tests); false when not (yet). */
    boolean awaitKeysInMemory(java.time.Duration timeout) throws InterruptedException {
        return filter.await(timeout);
    }

    /** How many look-ups read the database so far (tests). */
    long databaseLookups() {
        return lookups.get();
    }

    /** The store closes. */
    void stop() {
        filter.stop();
    }

    /**
     * Records {@code key} for the message {@code uid} inside the caller's transaction. One node owns the embedded
     * store and the recording pipeline serialises a key's deliveries, so an existing record is simply overwritten.
     */
    void insert(Tx tx, RecordedKey key, long uid, long now) throws SQLException {
        RecordedKeyHash hash = RecordedKeyHash.of(key.owner(), key.key());
        filter.add(hash); // before its row: a look-up never misses a key written (RecordedKeyFilter)
        int folderRef = folderRef(tx, key.folder(), key.uidValidity());
        Connection c = tx.connection();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO recorded_key(khash, khash2, folder_ref, uid,"
            + " recorded_at) VALUES (?, ?, ?, ?, ?)")) {
            bind(ps, hash, folderRef, uid, now);
            ps.executeUpdate();
            return;
        } catch (SQLException e) {
            if (!DUPLICATE.equals(e.getSQLState())) {
                throw e;
            }
            // H2 undid the statement only: the first half is taken, by this key (recorded again) or by another one
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE recorded_key SET folder_ref = ?, uid = ?,"
            + " recorded_at = ? WHERE khash = ? AND khash2 = ?")) {
            ps.setInt(1, folderRef);
            ps.setLong(2, uid);
            ps.setLong(3, now);
            ps.setLong(4, hash.high());
            ps.setLong(5, hash.low());
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO recorded_key_more(khash, khash2, folder_ref, uid,"
            + " recorded_at) KEY(khash, khash2) VALUES (?, ?, ?, ?, ?)")) {
            bind(ps, hash, folderRef, uid, now);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, RecordedKeyHash hash, int folderRef, long uid, long now)
        throws SQLException {
        ps.setLong(1, hash.high());
        ps.setLong(2, hash.low());
        ps.setInt(3, folderRef);
        ps.setLong(4, uid);
        ps.setLong(5, now);
    }

    /** The id of the folder path and UIDVALIDITY in {@code recorded_folder}, its row written in {@code tx} if new. */
    private int folderRef(Tx tx, String folder, long uidValidity) throws SQLException {
        FolderRef ref = new FolderRef(folder, uidValidity);
        Integer known = folderRefs.get(ref);
        if (known != null) {
            return known;
        }
        Connection c = tx.connection();
        Integer id = selectFolderRef(c, ref);
        if (id == null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO recorded_folder(folder, uid_validity)"
                + " VALUES (?, ?)", new String[] {"ID"})) {
                ps.setString(1, folder);
                ps.setLong(2, uidValidity);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    id = rs.getInt(1);
                }
            } catch (SQLException e) {
                if (!DUPLICATE.equals(e.getSQLState())) {
                    throw e;
                }
                // another transaction wrote the same pair and committed meanwhile
                id = selectFolderRef(c, ref);
                if (id == null) {
                    throw e;
                }
            }
        }
        int learnt = id;
        tx.afterDurable(() -> folderRefs.put(ref, learnt));
        return learnt;
    }

    private static Integer selectFolderRef(Connection c, FolderRef ref) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT id FROM recorded_folder WHERE folder = ?"
            + " AND uid_validity = ?")) {
            q.setString(1, ref.folder());
            q.setLong(2, ref.uidValidity());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    @Override
    public Optional<Entry> find(String owner, String key) {
        RecordedKeyHash hash = RecordedKeyHash.of(owner, key);
        if (!filter.mightHold(hash)) {
            return Optional.empty(); // never recorded (almost every new object's key): no read
        }
        lookups.incrementAndGet();
        return transactor.read(tx -> {
            Optional<Entry> entry = find(tx.connection(), "recorded_key", hash);
            // a key whose first half another key took first is in the second table (almost always empty)
            return entry.isPresent() ? entry : find(tx.connection(), "recorded_key_more", hash);
        });
    }

    private static Optional<Entry> find(Connection c, String table, RecordedKeyHash hash) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(String.format(ENTRY, table))) {
            q.setLong(1, hash.high());
            q.setLong(2, hash.low());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new Entry(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                    : Optional.empty();
            }
        }
    }

    @Override
    public void record(RecordedKey key, long uid) {
        transactor.write(tx -> {
            insert(tx, key, uid, clock.millis());
            return null;
        });
    }

    @Override
    public int forgetBefore(long cutoffMillis, int limit) {
        if (!expiryIndexed) {
            transactor.write(tx -> {
                try (var statement = tx.connection().createStatement()) {
                    statement.execute(INDEX);
                }
                return null;
            });
            expiryIndexed = true;
        }
        return transactor.write(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement(
                "DELETE FROM recorded_key WHERE recorded_at < ? FETCH FIRST ? ROWS ONLY");
                 PreparedStatement more = tx.connection().prepareStatement(
                     "DELETE FROM recorded_key_more WHERE recorded_at < ? FETCH FIRST ? ROWS ONLY")) {
                ps.setLong(1, cutoffMillis);
                ps.setInt(2, limit);
                int deleted = ps.executeUpdate();
                if (deleted < limit) {
                    more.setLong(1, cutoffMillis);
                    more.setInt(2, limit - deleted);
                    deleted += more.executeUpdate();
                }
                return deleted;
            }
        });
    }
}
