package org.cpmmss.james.imap.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
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
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.cpmmss.james.imap.search.text.SortKeys;
import org.cpmmss.james.imap.search.text.TextIndex;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@link MessageSearchIndex} the mailbox manager searches with (SEARCH, SORT, ESEARCH, ESORT): James's Lucene
 * index for what it answers right (flags, keywords, sizes, internal dates, UIDs, header existence), the
 * project's {@link TextIndex} for RFC 3501's substring searches (BODY, TEXT, HEADER, SUBJECT, FROM/TO/CC/BCC)
 * and the sent-date searches, the messages' metadata for MODSEQ (RFC 7162), combined by
 * {@link CriteriaEvaluation}; and the order of SORT computed here from the text index's RFC 5256 keys
 * ({@link SortKeys}), ties broken by UID ascending.
 *
 * <p>A query with none of those criteria and no sort goes to James's index unchanged. Searches across folders
 * (JMAP-style, by message id) are James's.</p>
 */
@Singleton
public class RoutingSearchIndex implements MessageSearchIndex {
    private final MessageSearchIndex delegate;
    private final Provider<MailboxManager> mailboxManager;
    private final TextIndex textIndex;

    @Inject
    public RoutingSearchIndex(ListeningMessageSearchIndex delegate, Provider<MailboxManager> mailboxManager, TextIndex textIndex) {
        this.delegate = delegate;
        this.mailboxManager = mailboxManager;
        this.textIndex = textIndex;
    }

    @Override
    public Flux<MessageUid> search(MailboxSession session, Mailbox mailbox, SearchQuery searchQuery) throws MailboxException {
        boolean routed = searchQuery.getCriteria().stream().anyMatch(CriteriaEvaluation::routed);
        boolean sorted = !searchQuery.getSorts().equals(SearchQuery.DEFAULT_SORTS);
        if (!routed && !sorted) {
            return delegate.search(session, mailbox, searchQuery);
        }
        return Mono.fromCallable(() -> ordered(mailbox, searchQuery, matching(session, mailbox, searchQuery, routed)))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMapIterable(uids -> uids);
    }

    private Set<MessageUid> matching(MailboxSession session, Mailbox mailbox, SearchQuery query, boolean routed)
        throws MailboxException {
        if (routed) {
            return new CriteriaEvaluation(mailboxManager.get(), delegate, textIndex, session, mailbox, query).matching();
        }
        SearchQuery unsorted = SearchQuery.builder()
            .andCriteria(query.getCriteria())
            .addRecentMessageUids(query.getRecentMessageUids())
            .build();
        Set<MessageUid> uids = new HashSet<>();
        delegate.search(session, mailbox, unsorted).doOnNext(uids::add).blockLast();
        return uids;
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
        return delegate.search(session, mailboxIds, searchQuery, limit);
    }

    @Override
    public EnumSet<MailboxManager.SearchCapabilities> getSupportedCapabilities(EnumSet<MailboxManager.MessageCapabilities> messageCapabilities) {
        return delegate.getSupportedCapabilities(messageCapabilities);
    }

    /** Consecutive UIDs as ranges. */
    static List<SearchQuery.UidRange> ranges(TreeSet<MessageUid> uids) {
        List<SearchQuery.UidRange> ranges = new ArrayList<>();
        MessageUid low = null;
        MessageUid high = null;
        for (MessageUid uid : uids) {
            if (low != null && uid.asLong() == high.asLong() + 1) {
                high = uid;
                continue;
            }
            if (low != null) {
                ranges.add(new SearchQuery.UidRange(low, high));
            }
            low = uid;
            high = uid;
        }
        if (low != null) {
            ranges.add(new SearchQuery.UidRange(low, high));
        }
        return ranges;
    }
}
