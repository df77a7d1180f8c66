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
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.store.Directory;

/**
 * Whole-history search of one user as <em>one</em> Lucene query over all of the user's conversation folders,
 * newest first, returning only the top {@code n} (folder, UID) pairs.
 *
 * <p>James's multi-mailbox search ({@code MessageSearchIndex.search(session, mailboxIds, query, limit)}) cannot
 * serve here: it answers message ids, which the JPA mailbox does not have ({@code DefaultMessageId} is not
 * serialisable, so the Lucene index stores none), and it loads every matching document before applying the
 * limit. This class reads James's own index (same directory, same field names and the same term construction
 * as {@code LuceneMessageSearchIndex}: upper-cased word prefixes on {@code body} ({@link WordPrefixQuery}), one
 * document per message plus one flags document to exclude) and keeps only the newest hits
 * ({@link NewestFirstCollector}). The folders and the exclusion of flags documents are a cached filter
 * ({@link FolderSetFilters}), not scored clauses.</p>
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

    /** One hit: the folder's mailbox id as stored in the index, and the UID. */
    public record Hit(String mailboxId, MessageUid uid) {
    }

    /** The top hits, and whether the index holds more matches than were asked for. */
    public record Hits(List<Hit> hits, int totalMatches) {
    }

    private final LuceneMessageSearchIndex writerSide;
    private final Directory directory;
    private final FolderSetFilters folderFilters = new FolderSetFilters();
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
        for (String word : words) {
            query.add(new WordPrefixQuery(new Term(BODY_FIELD, word.toUpperCase(Locale.US))), BooleanClause.Occur.MUST);
        }
        if (since.isPresent() || until.isPresent()) {
            query.add(new TermRangeQuery(ARRIVAL_SECOND_FIELD, since.map(ConversationSearchIndex::second).orElse(null),
                until.map(ConversationSearchIndex::second).orElse(null), false, false), BooleanClause.Occur.MUST);
        }
        Query matching = query.clauses().isEmpty() ? new MatchAllDocsQuery() : query;
        SearcherManager manager = searchers();
        manager.maybeReopen();
        IndexSearcher searcher = manager.acquire();
        try {
            NewestFirstCollector collector = new NewestFirstCollector(ARRIVAL_FIELD, UID_FIELD, n);
            searcher.search(matching, folderFilters.messagesOf(folders), collector);
            List<NewestFirstCollector.Match> newest = collector.newest();
            List<Hit> hits = new ArrayList<>(newest.size());
            for (NewestFirstCollector.Match match : newest) {
                Document doc = searcher.doc(match.doc(), HIT_FIELDS);
                hits.add(new Hit(doc.get(MAILBOX_ID_FIELD), MessageUid.of(Long.parseLong(doc.get(UID_FIELD)))));
            }
            return new Hits(hits, collector.matches());
        } finally {
            manager.release(searcher);
        }
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
