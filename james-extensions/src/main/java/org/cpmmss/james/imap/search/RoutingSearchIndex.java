package org.cpmmss.james.imap.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.UnsupportedSearchException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.cpmmss.james.search.indexing.SearchIndexer;
import org.cpmmss.james.search.text.SortKeys;
import org.cpmmss.james.search.text.TextIndex;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@link MessageSearchIndex} the mailbox manager searches with (SEARCH, SORT, ESEARCH, ESORT). A search first
 * catches up its folder ({@link SearchIndexer#catchUp}: the messages appended and not yet indexed are indexed now),
 * so it sees every message acknowledged before it; then {@link CriteriaEvaluation} answers the criteria from the
 * folder's metadata and the search index ({@link TextIndex}); the order of SORT is computed from the index's
 * RFC 5256 keys ({@link SortKeys}), ties broken by UID ascending.
 *
 * <p>Searches across folders by message id (JMAP) are not supported: the stores have no message ids.</p>
 */
@Singleton
public class RoutingSearchIndex implements MessageSearchIndex {
    private final Provider<MailboxManager> mailboxManager;
    private final TextIndex textIndex;
    private final SearchIndexer indexer;

    @Inject
    public RoutingSearchIndex(Provider<MailboxManager> mailboxManager, TextIndex textIndex, SearchIndexer indexer) {
        this.mailboxManager = mailboxManager;
        this.textIndex = textIndex;
        this.indexer = indexer;
    }

    @Override
    public Flux<MessageUid> search(MailboxSession session, Mailbox mailbox, SearchQuery searchQuery) throws MailboxException {
        return Mono.fromCallable(() -> ordered(mailbox, searchQuery, matching(session, mailbox, searchQuery)))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMapIterable(uids -> uids);
    }

    /** The UIDs of the folder's messages matching the query, in UID order (no SORT program applied). */
    Set<MessageUid> matching(MailboxSession session, Mailbox mailbox, SearchQuery query) throws MailboxException {
        indexer.catchUp(mailbox);
        return new CriteriaEvaluation(mailboxManager.get(), textIndex, session, mailbox, query).matching();
    }

    private List<MessageUid> ordered(Mailbox mailbox, SearchQuery query, Set<MessageUid> uids) throws MailboxException {
        List<MessageUid> ascending = new ArrayList<>(new TreeSet<>(uids));
        if (query.getSorts().equals(SearchQuery.DEFAULT_SORTS) || ascending.isEmpty()) {
            return ascending;
        }
        Map<MessageUid, SortKeys> keys;
        try {
            keys = textIndex.sortKeys(mailbox.getMailboxId(), uids);
        } catch (IOException e) {
            throw new MailboxException("Reading sort keys failed", e);
        }
        return SortKeys.order(ascending, keys, query.getSorts());
    }

    @Override
    public Flux<MessageId> search(MailboxSession session, Collection<MailboxId> mailboxIds, SearchQuery searchQuery, long limit)
        throws MailboxException {
        throw new UnsupportedSearchException();
    }

    @Override
    public EnumSet<MailboxManager.SearchCapabilities> getSupportedCapabilities(EnumSet<MailboxManager.MessageCapabilities> messageCapabilities) {
        return EnumSet.of(MailboxManager.SearchCapabilities.PartialEmailMatch);
    }
}
