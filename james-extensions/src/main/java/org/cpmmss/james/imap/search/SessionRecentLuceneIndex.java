package org.cpmmss.james.imap.search;

import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.ConjunctionCriterion;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.FlagCriterion;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.lucene.store.Directory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * James's Lucene index, minus the cost of {@code \Recent} at SELECT.
 *
 * <p>When a session selects a folder, James clears {@code \Recent} on every recent message and publishes one
 * flags update for all of them; James's index re-indexes each message's flags on its own (a near-real-time
 * reader reopened, a search, a document rewritten per message), synchronously inside the SELECT. On a
 * conversation of thousands of new objects that made the first SELECT take seconds to minutes (issue 11 (d)).</p>
 *
 * <p>{@code \Recent} is a property of the IMAP session (RFC 3501 2.3.2): the SEARCH command already hands the
 * selecting session's recent UIDs to the index with every query. So this index:</p>
 * <ul>
 *   <li>skips flag updates whose only change is {@code \Recent} (every other update is indexed as before), and</li>
 *   <li>answers the {@code RECENT} flag criterion (SEARCH RECENT, NEW, OLD, UNSEEN RECENT...) from the session's
 *       recent UIDs only, never from the indexed {@code \Recent} term, which may now be stale.</li>
 * </ul>
 */
public class SessionRecentLuceneIndex extends LuceneMessageSearchIndex {

    @Inject
    public SessionRecentLuceneIndex(MailboxSessionMapperFactory factory, MailboxId.Factory mailboxIdFactory,
                                    Directory directory, MessageId.Factory messageIdFactory,
                                    SessionProvider sessionProvider) throws IOException {
        super(factory, mailboxIdFactory, directory, messageIdFactory, sessionProvider);
    }

    @Override
    public Mono<Void> update(MailboxSession session, MailboxId mailboxId, List<UpdatedFlags> updatedFlagsList) {
        List<UpdatedFlags> indexed = updatedFlagsList.stream()
            .filter(updated -> !onlyRecentChanged(updated))
            .collect(Collectors.toList());
        if (indexed.isEmpty()) {
            return Mono.empty();
        }
        return super.update(session, mailboxId, indexed);
    }

    @Override
    public Flux<MessageUid> doSearch(MailboxSession session, Mailbox mailbox, SearchQuery searchQuery)
        throws MailboxException {
        if (searchQuery.getCriteria().stream().noneMatch(SessionRecentLuceneIndex::mentionsRecent)) {
            return super.doSearch(session, mailbox, searchQuery);
        }
        TreeSet<MessageUid> recent = new TreeSet<>(searchQuery.getRecentMessageUids());
        SearchQuery rewritten = SearchQuery.builder()
            .andCriteria(searchQuery.getCriteria().stream()
                .map(criterion -> withSessionRecent(criterion, recent))
                .collect(Collectors.toList()))
            .sorts(searchQuery.getSorts())
            .addRecentMessageUids(searchQuery.getRecentMessageUids())
            .build();
        return super.doSearch(session, mailbox, rewritten);
    }

    static boolean onlyRecentChanged(UpdatedFlags updated) {
        return withoutRecent(updated.getOldFlags()).equals(withoutRecent(updated.getNewFlags()));
    }

    private static Flags withoutRecent(Flags flags) {
        Flags copy = new Flags(flags);
        copy.remove(Flags.Flag.RECENT);
        return copy;
    }

    static boolean mentionsRecent(Criterion criterion) {
        if (criterion instanceof FlagCriterion) {
            return Flags.Flag.RECENT.equals(((FlagCriterion) criterion).getFlag());
        }
        if (criterion instanceof ConjunctionCriterion) {
            return ((ConjunctionCriterion) criterion).getCriteria().stream()
                .anyMatch(SessionRecentLuceneIndex::mentionsRecent);
        }
        return false;
    }

    /** The criterion with every RECENT flag test replaced by a test on the session's recent UIDs. */
    static Criterion withSessionRecent(Criterion criterion, TreeSet<MessageUid> recent) {
        if (criterion instanceof FlagCriterion && Flags.Flag.RECENT.equals(((FlagCriterion) criterion).getFlag())) {
            Criterion isRecent = recent.isEmpty()
                ? SearchQuery.not(SearchQuery.all())
                : SearchQuery.uid(RoutingSearchIndex.ranges(recent).toArray(SearchQuery.UidRange[]::new));
            return ((FlagCriterion) criterion).getOperator().isSet() ? isRecent : SearchQuery.not(isRecent);
        }
        if (criterion instanceof ConjunctionCriterion && mentionsRecent(criterion)) {
            ConjunctionCriterion conjunction = (ConjunctionCriterion) criterion;
            List<Criterion> children = conjunction.getCriteria().stream()
                .map(child -> withSessionRecent(child, recent))
                .collect(Collectors.toList());
            switch (conjunction.getType()) {
                case AND:
                    return SearchQuery.and(children);
                case OR:
                    return SearchQuery.or(children);
                case NOR:
                    return SearchQuery.not(children);
                default:
                    throw new IllegalArgumentException("unknown conjunction " + conjunction.getType());
            }
        }
        return criterion;
    }
}
