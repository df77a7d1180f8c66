package org.cpmmss.james.imap.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.ConjunctionCriterion;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.ModSeqCriterion;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.james.mailbox.store.search.MessageSearchIndex;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link MessageSearchIndex} that answers {@code MODSEQ} criteria (RFC 7162 {@code SEARCH MODSEQ}) from the
 * mailbox itself and everything else from the wrapped index.
 *
 * <p>James's Lucene index never indexes the modification sequence, so a query holding a {@link ModSeqCriterion}
 * always matched nothing. Here a query without one goes to the index unchanged. A query with one is evaluated
 * as a tree: each MODSEQ leaf is computed from the messages' metadata (one read of the mailbox's UID → MODSEQ
 * map per query), each sub-tree free of MODSEQ is one index query, and the results are combined with AND
 * (intersection), OR (union) and NOT (complement against the mailbox's messages). When the query asks for a
 * sort other than by UID, the final set is handed back to the index as a UID set with the original sorts, so
 * {@code SORT ... MODSEQ n} is ordered by the index as usual.</p>
 *
 * <p>It wraps the {@link ListeningMessageSearchIndex} (Lucene here, any James index elsewhere) and is bound as
 * the {@link MessageSearchIndex} the mailbox manager searches with.</p>
 */
@Singleton
public class ModSeqAwareSearchIndex implements MessageSearchIndex {
    private final MessageSearchIndex delegate;
    private final Provider<MailboxManager> mailboxManager;

    @Inject
    public ModSeqAwareSearchIndex(ListeningMessageSearchIndex delegate, Provider<MailboxManager> mailboxManager) {
        this.delegate = delegate;
        this.mailboxManager = mailboxManager;
    }

    @Override
    public Flux<MessageUid> search(MailboxSession session, Mailbox mailbox, SearchQuery searchQuery) throws MailboxException {
        if (searchQuery.getCriteria().stream().noneMatch(ModSeqAwareSearchIndex::mentionsModSeq)) {
            return delegate.search(session, mailbox, searchQuery);
        }
        return Mono.fromCallable(() -> evaluate(session, mailbox, searchQuery))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMapMany(uids -> ordered(session, mailbox, searchQuery, uids));
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

    static boolean mentionsModSeq(Criterion criterion) {
        if (criterion instanceof ModSeqCriterion) {
            return true;
        }
        if (criterion instanceof ConjunctionCriterion) {
            return ((ConjunctionCriterion) criterion).getCriteria().stream().anyMatch(ModSeqAwareSearchIndex::mentionsModSeq);
        }
        return false;
    }

    private TreeSet<MessageUid> evaluate(MailboxSession session, Mailbox mailbox, SearchQuery query) throws MailboxException {
        Map<MessageUid, ModSeq> universe = new TreeMap<>();
        Flux.from(mailboxManager.get().getMailbox(mailbox.getMailboxId(), session)
                .listMessagesMetadata(MessageRange.all(), session))
            .doOnNext(metadata -> universe.put(metadata.getComposedMessageId().getUid(), metadata.getModSeq()))
            .blockLast();
        Evaluation evaluation = new Evaluation(session, mailbox, query, universe);
        TreeSet<MessageUid> result = new TreeSet<>(universe.keySet());
        for (Criterion criterion : query.getCriteria()) {
            result.retainAll(evaluation.eval(criterion));
            if (result.isEmpty()) {
                break;
            }
        }
        return result;
    }

    private Flux<MessageUid> ordered(MailboxSession session, Mailbox mailbox, SearchQuery query, TreeSet<MessageUid> uids) {
        if (uids.isEmpty()) {
            return Flux.empty();
        }
        if (query.getSorts().equals(SearchQuery.DEFAULT_SORTS)) {
            return Flux.fromIterable(uids);
        }
        SearchQuery byUid = SearchQuery.builder()
            .andCriterion(SearchQuery.uid(ranges(uids).toArray(SearchQuery.UidRange[]::new)))
            .sorts(query.getSorts())
            .addRecentMessageUids(query.getRecentMessageUids())
            .build();
        try {
            return delegate.search(session, mailbox, byUid).filter(uids::contains);
        } catch (MailboxException e) {
            return Flux.error(e);
        }
    }

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

    private final class Evaluation {
        private final MailboxSession session;
        private final Mailbox mailbox;
        private final SearchQuery query;
        private final Map<MessageUid, ModSeq> universe;

        Evaluation(MailboxSession session, Mailbox mailbox, SearchQuery query, Map<MessageUid, ModSeq> universe) {
            this.session = session;
            this.mailbox = mailbox;
            this.query = query;
            this.universe = universe;
        }

        Set<MessageUid> eval(Criterion criterion) throws MailboxException {
            if (criterion instanceof ModSeqCriterion) {
                return modSeq((ModSeqCriterion) criterion);
            }
            if (criterion instanceof ConjunctionCriterion && mentionsModSeq(criterion)) {
                return conjunction((ConjunctionCriterion) criterion);
            }
            return fromIndex(criterion);
        }

        private Set<MessageUid> conjunction(ConjunctionCriterion conjunction) throws MailboxException {
            List<Criterion> children = conjunction.getCriteria();
            switch (conjunction.getType()) {
                case AND: {
                    Set<MessageUid> result = new HashSet<>(universe.keySet());
                    for (Criterion child : children) {
                        result.retainAll(eval(child));
                    }
                    return result;
                }
                case OR: {
                    Set<MessageUid> result = new HashSet<>();
                    for (Criterion child : children) {
                        result.addAll(eval(child));
                    }
                    return result;
                }
                case NOR: {
                    Set<MessageUid> result = new HashSet<>(universe.keySet());
                    for (Criterion child : children) {
                        result.removeAll(eval(child));
                    }
                    return result;
                }
                default:
                    throw new IllegalArgumentException("unknown conjunction " + conjunction.getType());
            }
        }

        private Set<MessageUid> modSeq(ModSeqCriterion criterion) {
            long value = criterion.getOperator().getValue();
            Set<MessageUid> result = new HashSet<>();
            universe.forEach((uid, modSeq) -> {
                long actual = modSeq.asLong();
                boolean matches;
                switch (criterion.getOperator().getType()) {
                    case EQUALS:
                        matches = actual == value;
                        break;
                    case GREATER_THAN:
                        matches = actual > value;
                        break;
                    case LESS_THAN:
                        matches = actual < value;
                        break;
                    default:
                        matches = false;
                }
                if (matches) {
                    result.add(uid);
                }
            });
            return result;
        }

        private Set<MessageUid> fromIndex(Criterion criterion) throws MailboxException {
            SearchQuery single = SearchQuery.builder()
                .andCriterion(criterion)
                .addRecentMessageUids(query.getRecentMessageUids())
                .build();
            Set<MessageUid> result = new HashSet<>();
            delegate.search(session, mailbox, single).doOnNext(result::add).blockLast();
            return result;
        }
    }
}
