package org.cpmmss.james.search;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.mailbox.MessageUid;
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
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.cpmmss.james.search.text.TextFolding;
import org.cpmmss.james.search.text.BodyJoin;
import org.cpmmss.james.search.text.LuceneTextIndex;
import org.cpmmss.james.search.text.TextIndexFields;
import org.cpmmss.james.search.text.WordTokenizer;

/**
 * The {@link ConversationSearchIndex} of the embedded index: whole-history search of one user as <em>one</em> Lucene query over all of the user's conversation folders,
 * newest first, returning only the top {@code n} (folder, UID) pairs.
 *
 * <p>James's multi-mailbox search ({@code MessageSearchIndex.search(session, mailboxIds, query, limit)}) cannot
 * serve here: it answers message ids, which the JPA mailbox does not have, and it loads every matching document
 * before applying the limit. This class reads the project's {@link LuceneTextIndex} (one document per message copy, same
 * folder, UID and arrival fields as James's index; the words are on the body documents the copies share, joined by
 * {@link BodyJoin}): every search word must be a prefix of a word of the
 * message's text (the body, with the text inside CPIM and other CPM payloads decoded in its declared charset),
 * words as {@link WordTokenizer} cuts them and compared after {@link TextFolding} (case and accents folded: "cafe"
 * finds "Café"); a search word that is several words there (Han characters, "rendez-vous") must occur as that
 * phrase. Only the newest hits are kept ({@link NewestFirstCollector}); the folders are a cached filter
 * ({@link FolderSetFilters}).</p>
 *
 * <p>Freshness: the text index is read through a near-real-time reader re-opened when the index moved, so a
 * search sees every message stored before it started.</p>
 *
 * <p>Why {@code org.cpmmss.james.search} and not {@code org.cpmmss.james.imap.search}: this is the search engine of
 * the text index, not of one door. The HTTP door ({@code org.cpmmss.james.http.HistoryService}) calls it today and any
 * other door may tomorrow; doors never import each other, so it sits in the adapter layer with the text index, and
 * {@code org.cpmmss.james.imap.search.text} (which imports nothing of the IMAP door) is expected to join it here. Its parts, {@link FolderSetFilters} and {@link NewestFirstCollector}, came with it.</p>
 */
@Singleton
public class LuceneConversationSearch implements ConversationSearchIndex {
    static final String MAILBOX_ID_FIELD = TextIndexFields.MAILBOX_ID;
    static final String UID_FIELD = TextIndexFields.UID;
    static final String WORDS_FIELD = TextIndexFields.WORDS;
    /** James's flags documents; the text index has none, the filter still excludes them. */
    static final String FLAGS_FIELD = "flags";
    static final String ARRIVAL_FIELD = TextIndexFields.ARRIVAL_MS;
    static final String ARRIVAL_SECOND_FIELD = TextIndexFields.ARRIVAL_SECOND;
    private static final FieldSelector HIT_FIELDS = new MapFieldSelector(MAILBOX_ID_FIELD, UID_FIELD);

    private final LuceneTextIndex textIndex;
    private final FolderSetFilters folderFilters = new FolderSetFilters();

    @Inject
    public LuceneConversationSearch(LuceneTextIndex textIndex) {
        this.textIndex = textIndex;
    }

    @Override
    public Hits newest(Collection<MailboxId> folders, List<String> words, Optional<Instant> since,
                       Optional<Instant> until, int n) throws IOException {
        if (folders.isEmpty() || n <= 0) {
            return new Hits(List.of(), 0);
        }
        BooleanQuery bodies = new BooleanQuery();
        for (String word : words) {
            wordQuery(word).ifPresent(q -> bodies.add(q, BooleanClause.Occur.MUST));
        }
        Query copies = since.isPresent() || until.isPresent()
            ? new TermRangeQuery(ARRIVAL_SECOND_FIELD, since.map(LuceneConversationSearch::second).orElse(null),
                until.map(LuceneConversationSearch::second).orElse(null), false, false)
            : new MatchAllDocsQuery();
        IndexSearcher searcher = textIndex.acquire();
        try {
            NewestFirstCollector collector = new NewestFirstCollector(ARRIVAL_FIELD, UID_FIELD, n);
            if (bodies.clauses().isEmpty()) {
                searcher.search(copies, folderFilters.messagesOf(folders), collector);
            } else {
                BodyJoin.search(searcher, copies, folderFilters.messagesOf(folders), bodies, collector);
            }
            List<NewestFirstCollector.Match> newest = collector.newest();
            List<Hit> hits = new ArrayList<>(newest.size());
            for (NewestFirstCollector.Match match : newest) {
                Document doc = searcher.doc(match.doc(), HIT_FIELDS);
                hits.add(new Hit(doc.get(MAILBOX_ID_FIELD), MessageUid.of(Long.parseLong(doc.get(UID_FIELD)))));
            }
            return new Hits(hits, collector.matches());
        } finally {
            textIndex.release(searcher);
        }
    }

    /** One search word: a word prefix, or the phrase of the words it is made of; nothing for punctuation alone. */
    static Optional<Query> wordQuery(String word) {
        List<String> parts = WordTokenizer.words(word);
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        if (parts.size() == 1) {
            return Optional.of(new PrefixQuery(new Term(WORDS_FIELD, parts.get(0))));
        }
        PhraseQuery phrase = new PhraseQuery();
        for (String part : parts) {
            phrase.add(new Term(WORDS_FIELD, part));
        }
        return Optional.of(phrase);
    }

    private static String second(Instant instant) {
        return DateTools.dateToString(Date.from(instant), DateTools.Resolution.SECOND);
    }

}
