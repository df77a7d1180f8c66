package org.cpmmss.james.search.text;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

/**
 * The server's search index as the search layer uses it: one entry per stored message (its text, header, address,
 * date and size fields, see {@link TextIndexFields}), one "indexed up to" mark per folder, the criteria of
 * {@link TextQueries} and {@link FactQueries} answered for one folder, and the RFC 5256 sort keys.
 *
 * <p>Two implementations give the same answers: {@link LuceneTextIndex} (embedded, one per node, in the data
 * directory) and the PostgreSQL one of {@code storage.backend=postgresql} (shared by every node, see
 * docs/store.md). Writes become durable at {@link #commit()} at the latest, a mark never before the entries it
 * covers.</p>
 */
public interface TextIndex {

    /** Adds (or replaces) the entry of a stored message, its bytes read from the message. */
    void add(MailboxMessage message) throws IOException;

    /** Adds (or replaces) the entry of a stored message whose bytes are at hand. */
    void add(MailboxMessage message, byte[] content) throws IOException;

    void delete(MailboxId mailboxId, Collection<MessageUid> uids) throws IOException;

    /** Removes the entries of every message of a folder (its mark stays: see {@link #dropMark}). */
    void deleteAll(MailboxId mailboxId) throws IOException;

    /** Records that every message of the folder up to this UID is indexed (durable with the entries before it). */
    void setMark(MailboxId mailboxId, long uid) throws IOException;

    /** Removes a folder's mark (the folder was deleted). */
    void dropMark(MailboxId mailboxId) throws IOException;

    /** Every folder's mark (folder key as in {@link TextDocuments#key} to UID). */
    Map<String, Long> marks() throws IOException;

    /** Makes every write so far durable; fails when a write failed since the last commit. */
    void commit() throws IOException;

    /**
     * The UIDs of one folder's entries matching a criterion the index answers (not a conjunction), or empty when
     * the criterion is not one of {@link TextQueries} or {@link FactQueries} (the folder's metadata answers it).
     */
    Optional<Set<MessageUid>> uids(MailboxId mailboxId, Criterion criterion) throws IOException;

    /** The SORT keys of the given messages of one folder (messages unknown to the index are absent). */
    Map<MessageUid, SortKeys> sortKeys(MailboxId mailboxId, Set<MessageUid> wanted) throws IOException;

    /** Whether several nodes write and read this index (its marks move without this node: see {@link #sharedMark}). */
    default boolean shared() {
        return false;
    }

    /**
     * The folder's durable mark as every node sees it, for an index shared by several nodes (another node may have
     * indexed the folder since this node read the marks); empty for an index of this node alone.
     */
    default OptionalLong sharedMark(MailboxId mailboxId) throws IOException {
        return OptionalLong.empty();
    }
}
