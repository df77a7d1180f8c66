package org.cpmmss.james.store.api;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Messages of the message store, in IMAP terms. UIDs and MODSEQs are allocated inside the write that uses them and
 * never go back, even after a crash; every write returns only once it is forced to disk.
 */
public interface MessageStore {
    /** Appends a message with the next UID and MODSEQ of the folder. */
    default StoredMessage append(long folderId, NewMessage message) {
        return append(folderId, message, null);
    }

    /**
     * Appends a message and, when {@code key} is not null, records the key with it in the same transaction (one
     * commit, one force: {@link RecordedKeys}).
     */
    StoredMessage append(long folderId, NewMessage message, RecordedKey key);

    /**
     * As {@link #append(long, NewMessage, RecordedKey)}, forced with the other writes of {@code force}: when it
     * {@link SharedForce#defers() defers}, the append returns once committed, and is durable only once
     * {@link SharedForce#complete()} has returned. A store without shared forces forces it before returning.
     */
    default StoredMessage append(long folderId, NewMessage message, RecordedKey key, SharedForce force) {
        return append(folderId, message, key);
    }

    /** Copies a message into another folder with new UID and MODSEQ, sharing its bytes (no byte is written). */
    StoredMessage copy(long sourceFolderId, long uid, long targetFolderId, FlagState flags);

    /** Moves a message into another folder with new UID and MODSEQ, sharing its bytes. */
    StoredMessage move(long sourceFolderId, long uid, long targetFolderId, FlagState flags);

    /** As {@link #copy(long, long, long, FlagState)}, forced with the other writes of {@code force}. */
    default StoredMessage copy(long sourceFolderId, long uid, long targetFolderId, FlagState flags, SharedForce force) {
        return copy(sourceFolderId, uid, targetFolderId, flags);
    }

    /**
     * Copies {@code uids} of one folder into another, in the order given, each with its {@code flags}: the UIDs and
     * MODSEQs {@link #copy(long, long, long, FlagState, SharedForce)} would give them one by one, in one store
     * transaction (one commit, one force) where the store has one; a message that is not there fails the whole copy.
     * A store without such a transaction copies them one by one.
     */
    default List<StoredMessage> copy(long sourceFolderId, long[] uids, long targetFolderId, List<FlagState> flags,
                                     SharedForce force) {
        List<StoredMessage> copied = new java.util.ArrayList<>(uids.length);
        for (int i = 0; i < uids.length; i++) {
            copied.add(copy(sourceFolderId, uids[i], targetFolderId, flags.get(i), force));
        }
        return copied;
    }

    /** As {@link #move(long, long, long, FlagState)}, forced with the other writes of {@code force}. */
    default StoredMessage move(long sourceFolderId, long uid, long targetFolderId, FlagState flags, SharedForce force) {
        return move(sourceFolderId, uid, targetFolderId, flags);
    }

    /** Messages in UID order, at most {@code limit} of them ({@code limit <= 0}: all). */
    List<StoredMessage> list(long folderId, UidRange range, int limit);

    /**
     * Messages in UID order for an answer that carries neither flags nor MODSEQ (bytes, sizes, dates): their flags
     * and MODSEQ may read as none and 0. An implementation may answer from what it keeps of recent messages.
     */
    default List<StoredMessage> listContent(long folderId, UidRange range) {
        return list(folderId, range, 0);
    }

    /** As {@link #listContent(long, UidRange)}, at most {@code limit} messages ({@code limit <= 0}: all). */
    default List<StoredMessage> listContent(long folderId, UidRange range, int limit) {
        return limit > 0 ? list(folderId, range, limit) : listContent(folderId, range);
    }

    /**
     * UID, MODSEQ and flags of the range's messages whose MODSEQ is above {@code changedSince} ({@code 0}: every
     * message), in UID order; reads only metadata rows (CHANGEDSINCE goes by the folder's MODSEQ index).
     */
    List<MessageFlags> listFlags(long folderId, UidRange range, long changedSince);

    /**
     * As {@link #listFlags}, for a caller that does not read the message and thread ids: a store may leave them out
     * ({@code null}) and read the flags rows alone.
     */
    default List<MessageFlags> listFlagsWithoutIds(long folderId, UidRange range, long changedSince) {
        return listFlags(folderId, range, changedSince);
    }

    /** Removes messages (EXPUNGE), releasing their bytes; returns what was removed. */
    List<StoredMessage> expunge(long folderId, List<Long> uids);

    /**
     * Applies {@code update} to the flags of every message in the range under one new MODSEQ, given to the messages
     * whose flags changed.
     */
    List<FlagChange> updateFlags(long folderId, UidRange range, UnaryOperator<FlagState> update);

    /**
     * As {@link #updateFlags(long, UidRange, UnaryOperator)}, made with {@code force}: with a force that
     * {@link SharedForce#defers() defers}, the change commits and returns without a force of its own, and is durable
     * (may be acknowledged or announced) once {@link SharedForce#complete()} has returned. A store whose writes are
     * durable when they return ignores the force.
     */
    default List<FlagChange> updateFlags(long folderId, UidRange range, UnaryOperator<FlagState> update,
                                         SharedForce force) {
        return updateFlags(folderId, range, update);
    }

    /**
     * The flag changes of several UID ranges (the ranges of one IMAP STORE), as {@link #updateFlags(long, UidRange,
     * UnaryOperator, SharedForce)} one range after the other would make them (each range's changes under a MODSEQ of
     * its own, in the order given), in one store transaction where the store has one: one list of changes per range.
     * A store without such a transaction changes them range by range.
     */
    default List<List<FlagChange>> updateFlags(long folderId, List<UidRange> ranges, UnaryOperator<FlagState> update,
                                               SharedForce force) {
        List<List<FlagChange>> changes = new java.util.ArrayList<>(ranges.size());
        for (UidRange range : ranges) {
            changes.add(updateFlags(folderId, range, update, force));
        }
        return changes;
    }

    /**
     * Clears {@code \Recent} on every message of the folder that carries it (SELECT); returns those messages'
     * changes, in UID order. No MODSEQ moves for it (a message's MODSEQ stays, HIGHESTMODSEQ stays): {@code \Recent}
     * belongs to one session and no client resynchronises it. Writes nothing (no forced write) when no message is
     * recent; of two concurrent clears, each message is returned by one only.
     */
    List<FlagChange> clearRecent(long folderId);

    /** UIDs in the range whose flags include {@code systemFlag}, ascending. */
    List<Long> uidsWith(long folderId, UidRange range, int systemFlag);

    /** The lowest UID whose flags do not include {@code systemFlag}. */
    OptionalLong firstUidWithout(long folderId, int systemFlag);

    /**
     * SELECT/EXAMINE's view of the folder in one read (one statement, one consistent state): its allocators and
     * every message's UID and system flags, without keywords, message ids or bytes.
     */
    FolderSelection selection(long folderId);

    /** Every keyword ever set on a message of the folder (the set only grows, as IMAP FLAGS may). */
    Set<String> applicableKeywords(long folderId);

    /** Allocates and durably records the next UID of a folder without storing a message. */
    long allocateUid(long folderId);

    /** Allocates and durably records the next MODSEQ of a folder. */
    long allocateModSeq(long folderId);
}
