package org.cpmmss.james.search.text;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.TextCriterion;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldSelector;
import org.apache.lucene.document.MapFieldSelector;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.FieldCache;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link TextIndex}, kept in {@code <data>/lucene-text}: one document per message copy and one per distinct
 * body text, shared by the copies ({@link TextDocuments}, {@link SharedBodies}; BODY and TEXT join them,
 * {@link BodyJoin}), written off the append path by the search indexer, with one mark document per folder ("indexed up to" UID)
 * committed with the documents, and read through a near-real-time reader so a search sees every message added
 * before it. Body and header section trigrams are kept without positions: a BODY or TEXT substring of four or more
 * characters finds candidates, which are checked against their texts read again from the store ({@link StoredTexts}).
 *
 * <p>It answers the criteria of {@link TextQueries} for one folder, gives the SORT keys of a set of messages,
 * and serves the HTTP history search its searcher ({@link #acquire()}).</p>
 */
@Singleton
public class LuceneTextIndex implements TextIndex, java.io.Closeable {
    static final String DIRECTORY = "lucene-text";
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /**
     * Refreshes wait for each other: Lucene 3.6's {@code maybeRefresh} returns at once, with the old searcher, while
     * another thread refreshes, so a search right after its folder was caught up could miss what was just indexed.
     */
    private final java.util.concurrent.locks.ReentrantLock refreshing = new java.util.concurrent.locks.ReentrantLock();
    private static final FieldSelector MARK_FIELDS = new MapFieldSelector(TextIndexFields.MARK_OF, TextIndexFields.MARK_UID);
    private final java.util.concurrent.atomic.AtomicBoolean writeFailed = new java.util.concurrent.atomic.AtomicBoolean();
    static final int RECLAIM_DELETED_PERCENT = 20;
    static final int RECLAIM_EVERY_COMMITS = 30;
    private int commitsSinceReclaim;
    /**
     * The layout version of this code: copy documents and shared body documents ({@link SharedBodies}), body and
     * header section trigrams without positions ({@link StoredTexts}). An index of another layout is emptied and written again at open.
     */
    static final String LAYOUT = "5";
    private static final Logger LOGGER = LoggerFactory.getLogger(LuceneTextIndex.class);
    private final SharedBodies bodies;
    private final StoredTexts storedTexts;

    /** Opens (or creates) the index in {@code <data>/lucene-text}; body candidates are checked against {@code storedTexts}. */
    @Inject
    public LuceneTextIndex(JamesDirectoriesProvider directories, StoredTexts storedTexts) throws IOException {
        this(FSDirectory.open(directory(directories)), storedTexts);
    }

    public LuceneTextIndex(Directory directory, StoredTexts storedTexts) throws IOException {
        this.directory = directory;
        this.storedTexts = storedTexts;
        IndexWriterConfig config = new IndexWriterConfig(Version.LUCENE_36, new TextIndexAnalyzer())
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
            .setMergePolicy(mergePolicy());
        this.writer = new IndexWriter(directory, config);
        this.writer.commit();
        this.bodies = new SharedBodies(writer);
        upgradeLayout();
        this.searchers = new SearcherManager(writer, true, null);
    }

    /**
     * An index written in an earlier layout (one document per copy with its body text; body trigrams with positions)
     * is emptied, marks included,
     * so that the search indexer indexes every folder again from the store at start (the index is derived data);
     * then the layout document records this layout.
     */
    private void upgradeLayout() throws IOException {
        boolean current;
        int documents;
        try (IndexReader reader = IndexReader.open(writer, true)) {
            current = reader.docFreq(new Term(TextIndexFields.LAYOUT, LAYOUT)) > 0;
            documents = reader.numDocs();
        }
        if (current) {
            return;
        }
        if (documents > 0) {
            LOGGER.warn("Text index in an earlier layout ({} documents): emptied, every folder is indexed again from the "
                + "store in the background", documents);
            bodies.deleteAll();
        }
        Document layout = new Document();
        layout.add(TextDocuments.key(TextIndexFields.LAYOUT, LAYOUT, Field.Store.YES));
        writer.addDocument(layout);
        writer.commit();
    }

    /**
     * Lucene's tiered merge policy with a small floor. The index is committed every second, so it is made of one
     * large segment and a stream of tiny ones. Lucene allows an index about one segment per floor-sized share of it
     * (at least ten per size tier) and merges only ten segments at a time: with its default floor (2 MB) an index
     * below 20 MB was allowed fewer than ten segments, so every tenth tiny segment was merged with the large one and
     * the index was rewritten whole every few seconds (CPU on the ingestion path, and the data directory holding the
     * index twice while it ran; docs/benchmarks.md, "Sixteenth session"). With a floor of 128 KB (a few seconds'
     * flushes) segments above it merge with segments of their own size: each document is rewritten a logarithmic
     * number of times. The price: a few more segments at rest, each with its own term dictionary, so the index is a
     * little larger (IndexMergeAmplification's 3,000 objects in 150 commits: 3.1 times the final index written
     * instead of 5.5 times, 6.05 MB at the end instead of 5.70 MB).
     */
    static TieredMergePolicy mergePolicy() {
        TieredMergePolicy policy = new TieredMergePolicy();
        policy.setFloorSegmentMB(MERGE_FLOOR_MB);
        return policy;
    }

    static final double MERGE_FLOOR_MB = 1.0 / 8;

    private static File directory(JamesDirectoriesProvider directories) throws IOException {
        File dir = new File(directories.getVarDirectory(), DIRECTORY);
        if (!dir.isDirectory() && !dir.mkdirs()) {
            throw new IOException("Cannot create the text index directory " + dir);
        }
        return dir;
    }

    @Override
    public void add(MailboxMessage message) throws IOException {
        write(TextEntry.of(message));
    }

    @Override
    public void add(MailboxMessage message, byte[] content) throws IOException {
        write(TextEntry.of(message, content));
    }

    private void write(TextEntry entry) throws IOException {
        try {
            bodies.write(entry, new Term(TextIndexFields.ID, TextDocuments.id(entry.mailboxId(), entry.uid())));
        } catch (IOException | RuntimeException e) {
            writeFailed.set(true);
            throw e;
        }
    }

    @Override
    public void delete(MailboxId mailboxId, Collection<MessageUid> uids) throws IOException {
        List<Term> copies = new ArrayList<>(uids.size());
        for (MessageUid uid : uids) {
            copies.add(new Term(TextIndexFields.ID, TextDocuments.id(mailboxId, uid)));
        }
        bodies.delete(copies);
    }

    /** Removes the documents of every message of a folder (its mark stays: see {@link #dropMark}). */
    @Override
    public void deleteAll(MailboxId mailboxId) throws IOException {
        bodies.delete(List.of(new Term(TextIndexFields.MAILBOX_ID, TextDocuments.key(mailboxId))));
    }

    /**
     * Records that every message of the folder up to this UID is indexed. The mark is a document of this index,
     * so it becomes durable with the next {@link #commit()}, together with the documents written before it.
     */
    @Override
    public void setMark(MailboxId mailboxId, long uid) throws IOException {
        String key = TextDocuments.key(mailboxId);
        Document mark = new Document();
        mark.add(new Field(TextIndexFields.MARK_OF, key, Field.Store.YES, Field.Index.NOT_ANALYZED_NO_NORMS));
        mark.add(new Field(TextIndexFields.MARK_UID, Long.toString(uid), Field.Store.YES, Field.Index.NO));
        writer.updateDocument(new Term(TextIndexFields.MARK_OF, key), mark);
    }

    /** Removes a folder's mark (the folder was deleted). */
    @Override
    public void dropMark(MailboxId mailboxId) throws IOException {
        writer.deleteDocuments(new Term(TextIndexFields.MARK_OF, TextDocuments.key(mailboxId)));
    }

    /** Every folder's mark (folder key as in {@link TextDocuments#key} to UID), as seen by a fresh reader. */
    @Override
    public Map<String, Long> marks() throws IOException {
        IndexSearcher searcher = acquire();
        try {
            Map<String, Long> marks = new HashMap<>();
            IndexReader reader = searcher.getIndexReader();
            for (int doc = 0; doc < reader.maxDoc(); doc++) {
                if (reader.isDeleted(doc)) {
                    continue;
                }
                Document stored = reader.document(doc, MARK_FIELDS);
                String of = stored.get(TextIndexFields.MARK_OF);
                if (of != null) {
                    marks.put(of, Long.parseLong(stored.get(TextIndexFields.MARK_UID)));
                }
            }
            return marks;
        } finally {
            release(searcher);
        }
    }

    /**
     * Commits; fails when a write failed since the last commit (even if this commit succeeds), so that the
     * caller's recovery (SearchIndexDurability: re-index once commits succeed again) covers the lost document.
     */
    @Override
    public void commit() throws IOException {
        writer.commit();
        reclaimDeletedDocuments();
        bodies.committed();
        if (writeFailed.getAndSet(false)) {
            throw new IOException("A text index write failed since the last commit");
        }
    }

    /**
     * Space of expunged messages: a deleted document keeps its bytes in its segment until a merge rewrites that
     * segment, and the merge policy picks segments by size, so a large segment can hold mostly deleted documents for
     * long (seen in the disk soak). When more than {@value #RECLAIM_DELETED_PERCENT} % of the documents are deleted,
     * at most every {@value #RECLAIM_EVERY_COMMITS} commits, the segments with deletions are merged in the background
     * (Lucene's merge thread; the old files go once the next commit and a reopened reader no longer use them).
     */
    private synchronized void reclaimDeletedDocuments() throws IOException {
        if (++commitsSinceReclaim < RECLAIM_EVERY_COMMITS) {
            return;
        }
        int all = writer.maxDoc();
        if (all >= 1000 && (all - writer.numDocs()) * 100L > all * (long) RECLAIM_DELETED_PERCENT) {
            commitsSinceReclaim = 0;
            writer.forceMergeDeletes(false);
            refresh(); // the reader of the last search would keep the merged-away files
        }
    }

    /** A searcher seeing every change made so far; give it back with {@link #release}. */
    public IndexSearcher acquire() throws IOException {
        refresh();
        return searchers.acquire();
    }

    /** Opens a searcher on every change made so far, unless the current one sees them all; waits for a refresh under way. */
    private void refresh() throws IOException {
        refreshing.lock();
        try {
            searchers.maybeRefresh();
        } finally {
            refreshing.unlock();
        }
    }

    public void release(IndexSearcher searcher) throws IOException {
        searchers.release(searcher);
    }

    @Override
    public Optional<Set<MessageUid>> uids(MailboxId mailboxId, Criterion criterion) throws IOException {
        if (TextQueries.bodyOrText(criterion)) {
            TextCriterion text = (TextCriterion) criterion;
            String value = text.getOperator().getValue();
            String folded = TextQueries.searchString(value);
            boolean exact = TextQueries.exact(value);
            Set<MessageUid> found = bodyUids(mailboxId, TextQueries.candidates(TextIndexFields.BODY, value));
            if (!exact) {
                found = passing(mailboxId, found, storedTexts::bodies, body -> TextQueries.occursIn(body, folded));
            }
            if (text.getType() == SearchQuery.Scope.FULL) {
                Set<MessageUid> inHeaders = uids(mailboxId, TextQueries.candidates(TextIndexFields.HEADERS, value));
                inHeaders.removeAll(found);
                if (!exact) {
                    inHeaders = passing(mailboxId, inHeaders, storedTexts::headers,
                        headers -> TextQueries.occursIn(headers.all().headerText(), folded));
                }
                found.addAll(inHeaders);
            }
            return Optional.of(found);
        }
        Optional<TextQueries.HeaderSubstring> header = TextQueries.headerSubstring(criterion);
        if (header.isPresent()) {
            Set<MessageUid> candidates = uids(mailboxId, header.get().candidates());
            return Optional.of(header.get().exact() ? candidates
                : passing(mailboxId, candidates, storedTexts::headers, header.get()::holds));
        }
        Optional<Query> query = TextQueries.query(criterion).or(() -> FactQueries.query(criterion));
        return query.isPresent() ? Optional.of(uids(mailboxId, query.get())) : Optional.empty();
    }

    /** Reads the candidates' texts again from the store ({@link StoredTexts}). */
    @FunctionalInterface
    private interface StoredRead<T> {
        Map<MessageUid, T> of(MailboxId folder, Set<MessageUid> uids) throws IOException;
    }

    /** The candidates whose text, read again from the store, passes the check (a message no longer stored is left out). */
    private static <T> Set<MessageUid> passing(MailboxId folder, Set<MessageUid> candidates, StoredRead<T> read,
                                               Predicate<T> check) throws IOException {
        Set<MessageUid> passed = new HashSet<>();
        if (!candidates.isEmpty()) {
            read.of(folder, candidates).forEach((uid, text) -> {
                if (check.test(text)) {
                    passed.add(uid);
                }
            });
        }
        return passed;
    }

    /** The UIDs of one folder's messages matching a query. */
    public Set<MessageUid> uids(MailboxId mailboxId, Query query) throws IOException {
        IndexSearcher searcher = acquire();
        try {
            Set<MessageUid> uids = new HashSet<>();
            searcher.search(inFolder(mailboxId, query), new UidCollector(uid -> uids.add(MessageUid.of(uid))));
            return uids;
        } finally {
            release(searcher);
        }
    }

    /** The UIDs of one folder's messages whose body text matches a query on the body documents. */
    private Set<MessageUid> bodyUids(MailboxId mailboxId, Query bodyQuery) throws IOException {
        IndexSearcher searcher = acquire();
        try {
            Set<MessageUid> uids = new HashSet<>();
            BodyJoin.search(searcher, new TermQuery(new Term(TextIndexFields.MAILBOX_ID, TextDocuments.key(mailboxId))),
                null, bodyQuery, new UidCollector(uid -> uids.add(MessageUid.of(uid))));
            return uids;
        } finally {
            release(searcher);
        }
    }

    /** The SORT keys of the given messages of one folder (messages unknown to the index are absent). */
    @Override
    public Map<MessageUid, SortKeys> sortKeys(MailboxId mailboxId, Set<MessageUid> wanted) throws IOException {
        IndexSearcher searcher = acquire();
        try {
            Map<MessageUid, Integer> docs = new HashMap<>();
            int[] base = {0};
            searcher.search(new TermQuery(new Term(TextIndexFields.MAILBOX_ID, TextDocuments.key(mailboxId))), new Collector() {
                private long[] uids;

                @Override
                public void setScorer(Scorer scorer) {
                }

                @Override
                public void collect(int doc) {
                    MessageUid uid = MessageUid.of(uids[doc]);
                    if (wanted.contains(uid)) {
                        docs.put(uid, base[0] + doc);
                    }
                }

                @Override
                public void setNextReader(IndexReader reader, int docBase) throws IOException {
                    uids = FieldCache.DEFAULT.getLongs(reader, TextIndexFields.UID, FieldCache.NUMERIC_UTILS_LONG_PARSER);
                    base[0] = docBase;
                }

                @Override
                public boolean acceptsDocsOutOfOrder() {
                    return true;
                }
            });
            Map<MessageUid, SortKeys> keys = new HashMap<>();
            for (Map.Entry<MessageUid, Integer> entry : docs.entrySet()) {
                keys.put(entry.getKey(), SortKeys.of(entry.getKey(), searcher.doc(entry.getValue())));
            }
            return keys;
        } finally {
            release(searcher);
        }
    }

    private static Query inFolder(MailboxId mailboxId, Query query) {
        BooleanQuery inFolder = new BooleanQuery();
        inFolder.add(new TermQuery(new Term(TextIndexFields.MAILBOX_ID, TextDocuments.key(mailboxId))), BooleanClause.Occur.MUST);
        inFolder.add(query, BooleanClause.Occur.MUST);
        return inFolder;
    }

    /** Merges the index into one segment and commits (measurements, tests). */
    public void forceMerge() throws IOException {
        writer.forceMerge(1);
        writer.commit();
    }

    @PreDestroy
    @Override
    public void close() throws IOException {
        searchers.close();
        bodies.close();
        writer.close();
        directory.close();
    }

    /** Collects the UID of every matching document, per segment from the field cache. */
    private static final class UidCollector extends Collector {
        private final java.util.function.LongConsumer sink;
        private long[] uids;

        UidCollector(java.util.function.LongConsumer sink) {
            this.sink = sink;
        }

        @Override
        public void setScorer(Scorer scorer) {
        }

        @Override
        public void collect(int doc) {
            sink.accept(uids[doc]);
        }

        @Override
        public void setNextReader(IndexReader reader, int docBase) throws IOException {
            uids = FieldCache.DEFAULT.getLongs(reader, TextIndexFields.UID, FieldCache.NUMERIC_UTILS_LONG_PARSER);
        }

        @Override
        public boolean acceptsDocsOutOfOrder() {
            return true;
        }
    }
}
