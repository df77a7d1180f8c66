package org.cpmmss.james.search;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.james.mailbox.model.MailboxId;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.CachingWrapperFilter;
import org.apache.lucene.search.Filter;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.QueryWrapperFilter;
import org.apache.lucene.search.TermQuery;

/**
 * The Lucene filter "message documents of these folders" (not the flags documents James keeps beside them), one per
 * folder set, cached: each filter keeps one bit set per index segment, computed on first use and kept while the
 * segment lives, so a search no longer scores a disjunction of one term per folder over the whole index (at
 * 1,000,000 messages in 100 folders that disjunction was most of a whole-history search's time).
 *
 * <p>At most {@link #CAPACITY} folder sets are kept, least recently used first out; a filter holds one bit per
 * index document and segment it has seen (about 250 KB per 2,000,000 documents).</p>
 */
final class FolderSetFilters {
    static final int CAPACITY = 64;

    private final Map<List<String>, Filter> filters = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, Filter> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The cached filter for these folders' message documents. */
    synchronized Filter messagesOf(Collection<MailboxId> folders) {
        List<String> key = folders.stream()
            .map(id -> id.serialize().toUpperCase(Locale.US))
            .sorted()
            .distinct()
            .toList();
        return filters.computeIfAbsent(key, FolderSetFilters::build);
    }

    private static Filter build(List<String> mailboxIds) {
        BooleanQuery inFolders = new BooleanQuery();
        if (mailboxIds.size() > BooleanQuery.getMaxClauseCount()) {
            BooleanQuery.setMaxClauseCount(mailboxIds.size());
        }
        for (String id : mailboxIds) {
            inFolders.add(new TermQuery(new Term(LuceneConversationSearch.MAILBOX_ID_FIELD, id)), BooleanClause.Occur.SHOULD);
        }
        BooleanQuery messages = new BooleanQuery();
        messages.add(inFolders, BooleanClause.Occur.MUST);
        messages.add(new PrefixQuery(new Term(LuceneConversationSearch.FLAGS_FIELD, "")), BooleanClause.Occur.MUST_NOT);
        return new CachingWrapperFilter(new QueryWrapperFilter(messages));
    }
}
