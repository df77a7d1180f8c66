package org.cpmmss.james.http;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.lucene.document.DateTools;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FieldSelector;
import org.apache.lucene.document.MapFieldSelector;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.Directory;

/**
 * Whole-history search of one user as <em>one</em> Lucene query over all of the user's conversation folders,
 * newest first, returning only the top {@code n} (folder, UID) pairs.
 *
 * <p>James's multi-mailbox search ({@code MessageSearchIndex.search(session, mailboxIds, query, limit)}) cannot
 * serve here: it answers message ids, which the JPA mailbox does not have ({@code DefaultMessageId} is not
 * serialisable, so the Lucene index stores none), and it loads every matching document before applying the
 * limit. This class reads James's own index (same directory, same field names and the same term construction
 * as {@code LuceneMessageSearchIndex}: upper-cased prefix terms on {@code body}, one document per message plus
 * one flags document to exclude) and lets Lucene keep only the top hits, sorted on the arrival date.</p>
 *
 * <p>Freshness: the index writer lives inside {@link LuceneMessageSearchIndex}; before searching, this class
 * asks it to commit (a no-op when nothing changed) and re-opens its reader if the index moved, so a search sees
 * every message stored before it started.</p>
 */
@Singleton
public class ConversationSearchIndex {
    // field names of James 3.8.1's LuceneMessageSearchIndex
    static final String MAILBOX_ID_FIELD = "mailboxid";
    static final String UID_FIELD = "uid";
    static final String BODY_FIELD = "body";
    static final String FLAGS_FIELD = "flags";
    static final String ARRIVAL_FIELD = "internaldateMillisecondResolution";
    static final String ARRIVAL_SECOND_FIELD = "internaldateSecondResolution";
    private static final FieldSelector HIT_FIELDS = new MapFieldSelector(MAILBOX_ID_FIELD, UID_FIELD);
    private static final Sort NEWEST_FIRST = new Sort(
        new SortField(ARRIVAL_FIELD, SortField.LONG, true),
        new SortField(MAILBOX_ID_FIELD, SortField.STRING),
        new SortField(UID_FIELD, SortField.LONG, true));

    /** One hit: the folder's mailbox id as stored in the index, and the UID. */
    public record Hit(String mailboxId, MessageUid uid) {
    }

    /** The top hits, and whether the index holds more matches than were asked for. */
    public record Hits(List<Hit> hits, int totalMatches) {
    }

    private final LuceneMessageSearchIndex writerSide;
    private final Directory directory;
    private SearcherManager searchers;

    @Inject
    public ConversationSearchIndex(LuceneMessageSearchIndex writerSide, Directory directory) {
        this.writerSide = writerSide;
        this.directory = directory;
    }

    /**
     * The newest {@code n} messages of the given folders that contain every word (prefix match, as IMAP SEARCH
     * BODY does on this index) and arrived within the optional bounds (second resolution, exclusive).
     */
    public Hits newest(Collection<MailboxId> folders, List<String> words, Optional<Instant> since,
                       Optional<Instant> until, int n) throws IOException {
        if (folders.isEmpty() || n <= 0) {
            return new Hits(List.of(), 0);
        }
        BooleanQuery query = new BooleanQuery();
        query.add(inFolders(folders), BooleanClause.Occur.MUST);
        query.add(new PrefixQuery(new Term(FLAGS_FIELD, "")), BooleanClause.Occur.MUST_NOT);
        for (String word : words) {
            query.add(new PrefixQuery(new Term(BODY_FIELD, word.toUpperCase(Locale.US))), BooleanClause.Occur.MUST);
        }
        if (since.isPresent() || until.isPresent()) {
            query.add(new TermRangeQuery(ARRIVAL_SECOND_FIELD, since.map(ConversationSearchIndex::second).orElse(null),
                until.map(ConversationSearchIndex::second).orElse(null), false, false), BooleanClause.Occur.MUST);
        }
        SearcherManager manager = searchers();
        manager.maybeReopen();
        IndexSearcher searcher = manager.acquire();
        try {
            TopFieldDocs top = searcher.search(query, null, n, NEWEST_FIRST);
            List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc scoreDoc : top.scoreDocs) {
                Document doc = searcher.doc(scoreDoc.doc, HIT_FIELDS);
                hits.add(new Hit(doc.get(MAILBOX_ID_FIELD), MessageUid.of(Long.parseLong(doc.get(UID_FIELD)))));
            }
            return new Hits(hits, top.totalHits);
        } finally {
            manager.release(searcher);
        }
    }

    private static BooleanQuery inFolders(Collection<MailboxId> folders) {
        BooleanQuery inFolders = new BooleanQuery();
        if (folders.size() > BooleanQuery.getMaxClauseCount()) {
            BooleanQuery.setMaxClauseCount(folders.size());
        }
        for (MailboxId id : folders) {
            inFolders.add(new TermQuery(new Term(MAILBOX_ID_FIELD, id.serialize().toUpperCase(Locale.US))),
                BooleanClause.Occur.SHOULD);
        }
        return inFolders;
    }

    private static String second(Instant instant) {
        return DateTools.dateToString(Date.from(instant), DateTools.Resolution.SECOND);
    }

    /** Commits pending index changes (no-op when none), then gives the reader manager, opened on first use. */
    private synchronized SearcherManager searchers() throws IOException {
        writerSide.commit();
        if (searchers == null) {
            searchers = new SearcherManager(directory, null);
        }
        return searchers;
    }

    @PreDestroy
    public synchronized void close() throws IOException {
        if (searchers != null) {
            searchers.close();
            searchers = null;
        }
    }
}
