package org.cpmmss.james.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import java.util.function.UnaryOperator;

import org.cpmmss.james.store.api.BlobAddress;
import org.cpmmss.james.store.api.FlagChange;
import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.FolderSelection;
import org.cpmmss.james.store.api.MessageFlags;
import org.cpmmss.james.store.api.MessageNotFoundException;
import org.cpmmss.james.store.api.MessageStore;
import org.cpmmss.james.store.api.NewMessage;
import org.cpmmss.james.store.api.RecordedKey;
import org.cpmmss.james.store.api.SharedForce;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.cpmmss.james.store.sql.StoreRows;
import org.cpmmss.james.store.embedded.Transactor.Tx;

/** {@link MessageStore} on H2 metadata rows and single-instance blobs in the segment log. */
final class EmbeddedMessageStore implements MessageStore {
    /** Listings of more UIDs than this read the flags rows in a second pass (see {@link #list}). */
    private static final int MERGE_ABOVE = 16;
    /** Rows read with a single message read in sequence ({@link #readAhead}). */
    static final int READ_AHEAD = 32;
    private final HeldStatements heldStatements = new HeldStatements();
    private final Transactor transactor;
    private final BlobCatalog blobs;
    private final Clock clock;
    private final RecentFloors recentFloors;
    private final EmbeddedRecordedKeys recordedKeys;
    private final MessageContentCache contents;
    private final SequentialReads sequentialReads = new SequentialReads();
    /** Whether a segment's file is there: a blob place in one that is not was moved by a compaction since. */
    private final LongPredicate segmentPresent;
    /** The primary key index of {@code message_flags} (its name is H2's choice), once looked up. */
    private volatile String flagsPrimaryKey;

    EmbeddedMessageStore(Transactor transactor, BlobCatalog blobs, Clock clock, RecentFloors recentFloors,
                         EmbeddedRecordedKeys recordedKeys, MessageContentCache contents, LongPredicate segmentPresent) {
        this.transactor = transactor;
        this.segmentPresent = segmentPresent;
        this.contents = contents;
        this.recordedKeys = recordedKeys;
        this.blobs = blobs;
        this.clock = clock;
        this.recentFloors = recentFloors;
    }

    @Override
    public StoredMessage append(long folderId, NewMessage m, RecordedKey key) {
        return append(folderId, m, key, SharedForce.IMMEDIATE);
    }

    @Override
    public StoredMessage append(long folderId, NewMessage m, RecordedKey key, SharedForce force) {
        return transactor.write(tx -> {
            long contentEpoch = contents.epoch();
            // bytes first, the UID last: the folder row stays locked from its allocation to the commit, so concurrent
            // appends to the folder wait for each other only that long, not for each other's segment writes
            BlobAddress header = blobs.store(tx, m.header());
            BlobAddress body = blobs.store(tx, m.body());
            long[] allocated = FolderCounter.allocate(tx, folderId, true);
            StoredMessage stored = new StoredMessage(folderId, allocated[0], allocated[1], m.flags(),
                m.internalDate(), clock.millis(), m.messageId(), m.threadId(), m.mime(), header, body);
            insert(tx, stored);
            rememberKeywords(tx, folderId, m.flags());
            if (key != null) {
                // same transaction, same chunk, same force: the key is never durable without its message
                recordedKeys.insert(tx, key, stored.uid(), stored.saveDate());
            }
            tx.afterCommit(() -> contents.remember(stored, contentEpoch));
            return stored;
        }, force);
    }

    /** Applicable keywords only grow: every keyword once set in a folder stays in its FLAGS answer. */
    static void rememberKeywords(Tx tx, long folderId, FlagState flags) throws SQLException {
        if (flags.keywords().isEmpty()) {
            return;
        }
        try (PreparedStatement ps = tx.connection().prepareStatement(
            "MERGE INTO folder_keyword(folder_id, keyword) KEY(folder_id, keyword) VALUES (?, ?)")) {
            for (String keyword : flags.keywords()) {
                ps.setLong(1, folderId);
                ps.setString(2, keyword);
                ps.executeUpdate();
            }
        }
    }

    @Override
    public StoredMessage copy(long sourceFolderId, long uid, long targetFolderId, FlagState flags) {
        return copy(sourceFolderId, uid, targetFolderId, flags, SharedForce.IMMEDIATE);
    }

    @Override
    public StoredMessage copy(long sourceFolderId, long uid, long targetFolderId, FlagState flags, SharedForce force) {
        // a COPY of one: its blobs locked in the same order as by a COPY of many
        return copy(sourceFolderId, new long[] {uid}, targetFolderId, List.of(flags), force).get(0);
    }

    /**
     * The messages of one COPY in one transaction: their rows read, their blobs referenced (in blob order, as two
     * copies sharing blobs lock them alike), then the folder row locked once for all their UIDs and MODSEQs (given in
     * the order of {@code uids}, as one by one), their rows inserted.
     */
    @Override
    public List<StoredMessage> copy(long sourceFolderId, long[] uids, long targetFolderId, List<FlagState> flags,
                                    SharedForce force) {
        if (uids.length == 0) {
            return List.of();
        }
        return transactor.write(tx -> {
            List<StoredMessage> sources = loadAll(tx, sourceFolderId, uids);
            long[] blobIds = new long[uids.length * 2];
            for (int i = 0; i < uids.length; i++) {
                blobIds[2 * i] = sources.get(i).header().blobId();
                blobIds[2 * i + 1] = sources.get(i).body().blobId();
            }
            java.util.Arrays.sort(blobIds);
            blobs.addReferences(tx, blobIds);
            long[] first = FolderCounter.allocateUids(tx, targetFolderId, uids.length);
            long now = clock.millis();
            List<StoredMessage> copied = new ArrayList<>(uids.length);
            for (int i = 0; i < uids.length; i++) {
                StoredMessage source = sources.get(i);
                StoredMessage stored = new StoredMessage(targetFolderId, first[0] + i, first[1] + i, flags.get(i),
                    source.internalDate(), now, source.messageId(), source.threadId(), source.mime(),
                    source.header(), source.body());
                insert(tx, stored);
                rememberKeywords(tx, targetFolderId, flags.get(i));
                copied.add(stored);
            }
            return copied;
        }, force);
    }

    @Override
    public StoredMessage move(long sourceFolderId, long uid, long targetFolderId, FlagState flags) {
        return move(sourceFolderId, uid, targetFolderId, flags, SharedForce.IMMEDIATE);
    }

    @Override
    public StoredMessage move(long sourceFolderId, long uid, long targetFolderId, FlagState flags, SharedForce force) {
        return transactor.write(tx -> {
            StoredMessage source = load(tx, sourceFolderId, uid);
            deleteRow(tx, sourceFolderId, uid);
            return insertInto(tx, source, targetFolderId, flags);
        }, force);
    }

    private StoredMessage insertInto(Tx tx, StoredMessage source, long targetFolderId, FlagState flags)
        throws SQLException {
        long[] allocated = FolderCounter.allocate(tx, targetFolderId, true);
        StoredMessage stored = new StoredMessage(targetFolderId, allocated[0], allocated[1], flags,
            source.internalDate(), clock.millis(), source.messageId(), source.threadId(), source.mime(),
            source.header(), source.body());
        insert(tx, stored);
        rememberKeywords(tx, targetFolderId, flags);
        return stored;
    }

    private static void insert(Tx tx, StoredMessage stored) throws SQLException {
        MessageRows.insert(tx.connection(), stored);
    }

    /**
     * The messages {@code uids} of a folder, in that order, by one prepared statement (their flags rows not read: a
     * copy is given its own); a UID without a message fails ({@link MessageNotFoundException}). (One statement for all of them,
     * {@code uid = ANY(?)}, scanned the folder: H2 uses the key's {@code folder_id} alone for it.)
     */
    private List<StoredMessage> loadAll(Tx tx, long folderId, long[] uids) throws SQLException {
        List<StoredMessage> out = new ArrayList<>(uids.length);
        try (PreparedStatement q = tx.connection().prepareStatement(
            MessageRows.SELECT_WITHOUT_FLAGS + "WHERE m.folder_id = ? AND m.uid = ?")) {
            q.setLong(1, folderId);
            for (long uid : uids) {
                q.setLong(2, uid);
                List<StoredMessage> found = MessageRows.readAll(q, 0);
                if (found.isEmpty()) {
                    throw new MessageNotFoundException(folderId, uid);
                }
                out.add(found.get(0));
            }
        }
        return MessageRows.placed(tx.connection(), out, segmentPresent);
    }

    private StoredMessage load(Tx tx, long folderId, long uid) throws SQLException {
        return loadAll(tx, folderId, new long[] {uid}).get(0);
    }

    private void deleteRow(Tx tx, long folderId, long uid) throws SQLException {
        MessageRows.delete(tx.connection(), folderId, uid);
        tx.afterCommit(() -> contents.forget(folderId, uid));
    }

    /**
     * One message's unchanging parts from the {@link MessageContentCache} when kept there (no statement), else the
     * range's message rows without their flags rows (no second pass, no key look-up of each).
     */
    @Override
    public List<StoredMessage> listContent(long folderId, UidRange range) {
        return listContent(folderId, range, 0);
    }

    @Override
    public List<StoredMessage> listContent(long folderId, UidRange range, int limit) {
        if (range.from() == range.to()) {
            SequentialReads.Direction sequential = sequentialReads.follows(folderId, range.from());
            StoredMessage kept = contents.find(folderId, range.from());
            if (kept != null) {
                return List.of(kept);
            }
            if (sequential != SequentialReads.Direction.NONE) {
                return readAhead(folderId, range.from(), sequential == SequentialReads.Direction.ON);
            }
        }
        long epoch = contents.epoch();
        List<StoredMessage> rows = contentRows(folderId, range.from(), range.to(), limit);
        if (rows.size() == 1 && range.from() == range.to()) {
            contents.remember(rows.get(0), epoch);
        }
        return rows;
    }

    /**
     * A single message read in sequence ({@link SequentialReads}): in one statement the rows of the message and of
     * the next {@link #READ_AHEAD} - 1 messages of the folder ({@code on}), or of the messages in the
     * {@link #READ_AHEAD} - 1 UIDs before it (a client going back through a conversation), all kept for the reads
     * that follow; the message itself, or nothing when it does not exist.
     */
    private List<StoredMessage> readAhead(long folderId, long uid, boolean on) {
        long epoch = contents.epoch();
        List<StoredMessage> rows = on
            ? contentRows(folderId, uid, Long.MAX_VALUE, READ_AHEAD)
            : contentRows(folderId, Math.max(1, uid - READ_AHEAD + 1), uid, READ_AHEAD);
        rows.forEach(row -> contents.remember(row, epoch));
        return rows.stream().filter(row -> row.uid() == uid).toList();
    }

    /** The message rows of UIDs {@code from} to {@code to}, without their flags rows, at most {@code limit} (0: all). */
    private List<StoredMessage> contentRows(long folderId, long from, long to, int limit) {
        return transactor.read(tx -> {
            try (PreparedStatement q = tx.connection().prepareStatement(MessageRows.SELECT_WITHOUT_FLAGS
                + "WHERE m.folder_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.folder_id, m.uid"
                + (limit > 0 ? " LIMIT " + limit : ""))) {
                q.setLong(1, folderId);
                q.setLong(2, from);
                q.setLong(3, to);
                return MessageRows.placed(tx.connection(), MessageRows.readAll(q, 0), segmentPresent);
            }
        });
    }

    @Override
    public List<StoredMessage> list(long folderId, UidRange range, int limit) {
        return transactor.read(tx -> {
            // a few messages: one statement joining each to its flags row; many: their rows, then their flags rows in
            // a second key-ordered pass, merged (a key look-up per message in the join was a tenth of a header pass).
            // "ORDER BY m.folder_id, m.uid", not "ORDER BY m.uid": only the key's whole prefix lets H2 read in key
            // order; ordered by the UID alone, it sorted every listed row in a temporary result
            boolean few = limit > 0 && limit <= MERGE_ABOVE || range.to() - range.from() < MERGE_ABOVE;
            String sql = (few ? MessageRows.SELECT : MessageRows.SELECT_WITHOUT_FLAGS)
                + "WHERE m.folder_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.folder_id, m.uid"
                + (limit > 0 ? " LIMIT " + limit : "");
            long floor = recentFloors.floor(tx.connection(), folderId);
            List<StoredMessage> rows;
            try (PreparedStatement q = tx.connection().prepareStatement(sql)) {
                q.setLong(1, folderId);
                q.setLong(2, range.from());
                q.setLong(3, range.to());
                rows = MessageRows.placed(tx.connection(), MessageRows.readAll(q, floor), segmentPresent);
            }
            if (few || rows.isEmpty()) {
                return rows;
            }
            try (PreparedStatement q = tx.connection().prepareStatement(MessageRows.FLAGS_IN_RANGE)) {
                q.setLong(1, folderId);
                q.setLong(2, rows.get(0).uid());
                q.setLong(3, rows.get(rows.size() - 1).uid());
                return MessageRows.withFlags(rows, q, floor);
            }
        });
    }

    @Override
    public List<MessageFlags> listFlags(long folderId, UidRange range, long changedSince) {
        return listFlags(folderId, range, changedSince, true);
    }

    /**
     * The flags rows alone: no key look-up of each one's message row (two B-tree descents per message, a third of a
     * CHANGEDSINCE resync's listing). A flags row and its message row are written and deleted in one transaction, so
     * a statement sees both or neither: the rows are those of {@link #listFlags}.
     */
    @Override
    public List<MessageFlags> listFlagsWithoutIds(long folderId, UidRange range, long changedSince) {
        return listFlags(folderId, range, changedSince, false);
    }

    private List<MessageFlags> listFlags(long folderId, UidRange range, long changedSince, boolean ids) {
        if (changedSince == Long.MAX_VALUE) {
            return List.of(); // nothing can have changed since the highest MODSEQ there is
        }
        return transactor.read(tx -> {
            // a CHANGEDSINCE names few messages of a large folder: walk the (folder_id, modseq) index, then sort;
            // without one, no MODSEQ condition at all: with "modseq > 0" H2 could pick the MODSEQ index and scan the
            // whole folder for a one-UID range (the per-message listings of STORE and FETCH answers). The bound is
            // "modseq >= changedSince + 1", not "modseq > changedSince": H2 starts an index walk at the first entry
            // equal to a ">" bound and skips the equal ones one by one, each with its row read — after a SELECT had
            // cleared \Recent on a whole folder under one MODSEQ (the HIGHESTMODSEQ the client then resyncs from),
            // every resync walked all of them (10,000 rows: 5 ms for a resync of 100 changes)
            String columns = ids
                ? "SELECT s.uid, s.modseq, s.flags, s.keywords, m.message_id, m.thread_id FROM message_flags s"
                : "SELECT s.uid, s.modseq, s.flags, s.keywords, NULL, NULL FROM message_flags s";
            String join = ids ? " JOIN message m ON m.folder_id = s.folder_id AND m.uid = s.uid" : "";
            String sql = changedSince > 0
                ? columns + " USE INDEX (message_flags_changes)" + join
                    + " WHERE s.folder_id = ? AND s.uid BETWEEN ? AND ? AND s.modseq >= ?"
                : columns + join + " WHERE s.folder_id = ? AND s.uid BETWEEN ? AND ? ORDER BY s.folder_id, s.uid";
            long floor = recentFloors.floor(tx.connection(), folderId);
            List<MessageFlags> out = new ArrayList<>();
            try (PreparedStatement q = tx.connection().prepareStatement(sql)) {
                q.setLong(1, folderId);
                q.setLong(2, range.from());
                q.setLong(3, range.to());
                if (changedSince > 0) {
                    q.setLong(4, changedSince + 1);
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(new MessageFlags(rs.getLong(1), rs.getLong(2), MessageRows.flags(rs.getLong(1),
                            rs.getInt(3), rs.getString(4), floor), rs.getString(5), rs.getString(6)));
                    }
                }
            }
            if (changedSince > 0) {
                out.sort(Comparator.comparingLong(MessageFlags::uid));
            }
            return out;
        });
    }

    @Override
    public List<StoredMessage> expunge(long folderId, List<Long> uids) {
        if (uids.isEmpty()) {
            return List.of();
        }
        return transactor.write(tx -> {
            long floor = recentFloors.floor(tx.connection(), folderId);
            List<StoredMessage> removed = new ArrayList<>();
            try (PreparedStatement q = tx.connection().prepareStatement(
                MessageRows.SELECT + "WHERE m.folder_id = ? AND m.uid = ?")) {
                for (long uid : uids) {
                    q.setLong(1, folderId);
                    q.setLong(2, uid);
                    removed.addAll(MessageRows.readAll(q, floor));
                }
            }
            for (StoredMessage m : removed) {
                deleteRow(tx, folderId, m.uid());
                blobs.release(tx, m.header().blobId());
                blobs.release(tx, m.body().blobId());
            }
            return removed;
        });
    }

    @Override
    public List<FlagChange> updateFlags(long folderId, UidRange range, UnaryOperator<FlagState> update) {
        return updateFlags(folderId, range, update, SharedForce.IMMEDIATE);
    }

    @Override
    public List<FlagChange> updateFlags(long folderId, UidRange range, UnaryOperator<FlagState> update,
                                        SharedForce force) {
        boolean[] floorLowered = {false};
        List<FlagChange> changes = transactor.write(tx -> updateFlags(tx, folderId, range, update, floorLowered), force);
        if (floorLowered[0]) {
            recentFloors.changed(folderId);
        }
        return changes;
    }

    /** The ranges of one STORE in one transaction, each as {@link #updateFlags(Tx, long, UidRange, UnaryOperator, boolean[])}. */
    @Override
    public List<List<FlagChange>> updateFlags(long folderId, List<UidRange> ranges, UnaryOperator<FlagState> update,
                                              SharedForce force) {
        boolean[] floorLowered = {false};
        List<List<FlagChange>> changes = transactor.write(tx -> {
            List<List<FlagChange>> byRange = new ArrayList<>(ranges.size());
            for (UidRange range : ranges) {
                byRange.add(updateFlags(tx, folderId, range, update, floorLowered));
            }
            return byRange;
        }, force);
        if (floorLowered[0]) {
            recentFloors.changed(folderId);
        }
        return changes;
    }

    @Override
    public List<FlagChange> clearRecent(long folderId) {
        // nothing recent: the write rolls back (no force); within a SELECT the mapper does not even call this when
        // its one read of the folder found nothing recent (the common re-SELECT)
        List<FlagChange> cleared;
        try {
            cleared = transactor.write(tx -> clearRecent(tx, folderId));
        } catch (NothingToClear raced) {
            return List.of();
        }
        recentFloors.changed(folderId);
        return cleared;
    }

    /** Nothing is recent (nothing was, or another session cleared it first): the write rolls back. */
    private static final class NothingToClear extends RuntimeException {
        NothingToClear() {
            super(null, null, false, false);
        }
    }

    /**
     * Raises the folder's {@code \Recent} floor past its last UID (one row written: {@link RecentFloors}) and returns
     * the messages that were recent: those between the old floor and the last UID whose rows carry the bit, read in
     * the same transaction after the folder row is locked, each with its flags, keywords and MODSEQ as they are (a
     * message's MODSEQ does not move for {@code \Recent}: it belongs to a session, no client resynchronises it).
     */
    private List<FlagChange> clearRecent(Tx tx, long folderId) throws SQLException {
        Connection c = tx.connection();
        long[] raised = RecentFloors.raise(c, folderId);
        long oldFloor = raised[0];
        long lastUid = raised[1];
        if (oldFloor > lastUid) {
            throw new NothingToClear();
        }
        // the flags rows that carry the bit, then the message ids of their span in a second key-ordered pass, merged
        // (as a listing: a key look-up of the message row per recent message cost more than the pass)
        List<FlagChange> carrying = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT uid, flags, keywords, modseq FROM message_flags"
            + " WHERE folder_id = ? AND uid BETWEEN ? AND ? AND BITAND(flags, CAST(? AS INT)) <> 0"
            + " ORDER BY folder_id, uid")) {
            q.setLong(1, folderId);
            q.setLong(2, oldFloor);
            q.setLong(3, lastUid);
            q.setInt(4, FlagState.RECENT);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    FlagState was = FlagState.parse(rs.getInt(2), rs.getString(3));
                    carrying.add(new FlagChange(rs.getLong(1), "", was, was.without(FlagState.RECENT), rs.getLong(4)));
                }
            }
        }
        if (carrying.isEmpty()) {
            throw new NothingToClear(); // the floor stays where it was: nothing written, nothing forced
        }
        return withMessageIds(c, folderId, carrying);
    }

    /**
     * {@code rows} (UID order) with the message ids of their message rows, read in one key-ordered pass over their
     * span and merged (a key look-up of the message row per row cost more than the pass); a row without a message
     * row (cannot be: both are written and removed together) keeps an empty id.
     */
    private static List<FlagChange> withMessageIds(Connection c, long folderId, List<FlagChange> rows)
        throws SQLException {
        List<FlagChange> out = new ArrayList<>(rows.size());
        try (PreparedStatement q = c.prepareStatement("SELECT uid, message_id FROM message"
            + " WHERE folder_id = ? AND uid BETWEEN ? AND ? ORDER BY folder_id, uid")) {
            q.setLong(1, folderId);
            q.setLong(2, rows.get(0).uid());
            q.setLong(3, rows.get(rows.size() - 1).uid());
            try (ResultSet rs = q.executeQuery()) {
                boolean more = rs.next();
                for (FlagChange row : rows) {
                    while (more && rs.getLong(1) < row.uid()) {
                        more = rs.next();
                    }
                    String id = more && rs.getLong(1) == row.uid() ? rs.getString(2) : "";
                    out.add(new FlagChange(row.uid(), id, row.oldFlags(), row.newFlags(), row.modSeq()));
                }
            }
        }
        return out;
    }

    /**
     * The flags rows of {@code range}, locked for update (in UID order), each with the flag state {@code update}
     * gives its visible flags ({@link RecentFloors}), and their message ids read from the message rows (not locked:
     * they never change).
     */
    private List<FlagChange> flagChanges(Connection c, long folderId, UidRange range, long floor,
                                         UnaryOperator<FlagState> update) throws SQLException {
        List<FlagChange> visible = new ArrayList<>();
        // held open per connection: H2 parses a locking read again at every prepareStatement (HeldStatements)
        PreparedStatement q = heldStatements.get(c, "SELECT uid, flags, keywords, modseq FROM message_flags"
            + " WHERE folder_id = ? AND uid BETWEEN ? AND ? ORDER BY folder_id, uid FOR UPDATE");
        q.setLong(1, folderId);
        q.setLong(2, range.from());
        q.setLong(3, range.to());
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                long uid = rs.getLong(1);
                FlagState flags = RecentFloors.visible(uid, FlagState.parse(rs.getInt(2), rs.getString(3)), floor);
                visible.add(new FlagChange(uid, "", flags, update.apply(flags), rs.getLong(4)));
            }
        }
        return visible.isEmpty() ? visible : withMessageIds(c, folderId, visible);
    }

    private List<FlagChange> updateFlags(Tx tx, long folderId, UidRange range, UnaryOperator<FlagState> update,
                                         boolean[] floorLowered) throws SQLException {
        Connection c = tx.connection();
        long floor = recentFloors.floor(c, folderId);
        List<FlagChange> changes = flagChanges(c, folderId, range, floor, update);
        if (changes.stream().noneMatch(FlagChange::changed)) {
            return changes;
        }
        if (changes.stream().anyMatch(ch -> ch.uid() < floor && ch.newFlags().has(FlagState.RECENT))) {
            RecentFloors.lower(c, folderId, floor);
            floorLowered[0] = true;
        }
        long modSeq = FolderCounter.allocate(tx, folderId, false)[1];
        List<FlagChange> result = new ArrayList<>(changes.size());
        try (PreparedStatement up = c.prepareStatement(
            "UPDATE message_flags SET flags = ?, keywords = ?, modseq = ? WHERE folder_id = ? AND uid = ?")) {
            for (FlagChange change : changes) {
                if (!change.changed()) {
                    result.add(change);
                    continue;
                }
                up.setInt(1, change.newFlags().systemFlags());
                up.setString(2, change.newFlags().keywordText());
                up.setLong(3, modSeq);
                up.setLong(4, folderId);
                up.setLong(5, change.uid());
                up.executeUpdate();
                rememberKeywords(tx, folderId, change.newFlags());
                result.add(new FlagChange(change.uid(), change.messageId(), change.oldFlags(),
                    change.newFlags(), modSeq));
            }
        }
        return result;
    }

    @Override
    public List<Long> uidsWith(long folderId, UidRange range, int systemFlag) {
        return transactor.read(tx -> {
            // \Recent counts only from the folder's floor up (below it the bit no longer stands for anything)
            long from = systemFlag == FlagState.RECENT
                ? Math.max(range.from(), recentFloors.floor(tx.connection(), folderId)) : range.from();
            List<Long> uids = new ArrayList<>();
            if (from > range.to()) {
                return uids;
            }
            try (PreparedStatement q = tx.connection().prepareStatement("SELECT uid FROM message_flags"
                + " WHERE folder_id = ? AND uid BETWEEN ? AND ? AND BITAND(flags, CAST(? AS INT)) <> 0"
                + " ORDER BY folder_id, uid")) {
                q.setLong(1, folderId);
                q.setLong(2, from);
                q.setLong(3, range.to());
                q.setInt(4, systemFlag);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        uids.add(rs.getLong(1));
                    }
                }
            }
            return uids;
        });
    }

    @Override
    public OptionalLong firstUidWithout(long folderId, int systemFlag) {
        return transactor.read(tx -> {
            // below the \Recent floor no message is recent, whatever its bit
            long floor = systemFlag == FlagState.RECENT ? recentFloors.floor(tx.connection(), folderId) : 0;
            try (PreparedStatement q = tx.connection().prepareStatement("SELECT uid FROM message_flags"
                + " WHERE folder_id = ? AND (uid < ? OR BITAND(flags, CAST(? AS INT)) = 0)"
                + " ORDER BY folder_id, uid LIMIT 1")) {
                q.setLong(1, folderId);
                q.setLong(2, floor);
                q.setInt(3, systemFlag);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    /**
     * The folder's flags rows by their primary key, in UID order: left to itself H2 reads them through
     * {@code message_flags_changes}, which holds every column the selection reads, in MODSEQ order (then sorted).
     */
    @Override
    public FolderSelection selection(long folderId) {
        return transactor.read(tx -> StoreRows.selectionFrom(tx.connection(), "folder",
            "message_flags m USE INDEX (" + flagsPrimaryKey(tx) + ")", "f.recent_floor", folderId));
    }

    private String flagsPrimaryKey(Tx tx) throws SQLException {
        String name = flagsPrimaryKey;
        if (name == null) {
            name = SchemaColumns.primaryKeyIndex(tx.connection(), "MESSAGE_FLAGS");
            flagsPrimaryKey = name;
        }
        return name;
    }

    @Override
    public Set<String> applicableKeywords(long folderId) {
        return transactor.read(tx -> {
            try (PreparedStatement q = tx.connection().prepareStatement(
                "SELECT keyword FROM folder_keyword WHERE folder_id = ?")) {
                q.setLong(1, folderId);
                Set<String> keywords = new TreeSet<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        keywords.add(rs.getString(1));
                    }
                }
                return keywords;
            }
        });
    }

    @Override
    public long allocateUid(long folderId) {
        return transactor.write(tx -> FolderCounter.allocate(tx, folderId, true)[0]);
    }

    @Override
    public long allocateModSeq(long folderId) {
        return transactor.write(tx -> FolderCounter.allocate(tx, folderId, false)[1]);
    }
}
