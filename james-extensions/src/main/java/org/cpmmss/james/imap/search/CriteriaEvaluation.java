package org.cpmmss.james.imap.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.ConjunctionCriterion;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.ModSeqCriterion;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.cpmmss.james.imap.search.text.TextIndex;
import org.cpmmss.james.imap.search.text.TextQueries;

import reactor.core.publisher.Flux;

/**
 * One search of one folder, evaluated as a tree of criteria with sets of UIDs: MODSEQ leaves from the messages'
 * metadata, text leaves ({@link TextQueries}: BODY, TEXT, HEADER, SUBJECT, FROM/TO/CC/BCC, SENT*) from the
 * {@link TextIndex}, and every other criterion from James's index, the siblings of one conjunction that James
 * answers sent to it as one query. Results are combined with AND (intersection), OR (union) and NOT (complement
 * against the folder's messages, read once, only when needed).
 */
final class CriteriaEvaluation {
    private final MailboxManager mailboxManager;
    private final MessageSearchIndex james;
    private final TextIndex textIndex;
    private final MailboxSession session;
    private final Mailbox mailbox;
    private final SearchQuery query;
    private Map<MessageUid, ModSeq> universe;

    CriteriaEvaluation(MailboxManager mailboxManager, MessageSearchIndex james, TextIndex textIndex,
                       MailboxSession session, Mailbox mailbox, SearchQuery query) {
        this.mailboxManager = mailboxManager;
        this.james = james;
        this.textIndex = textIndex;
        this.session = session;
        this.mailbox = mailbox;
        this.query = query;
    }

    /** Whether a criterion (or one inside it) is answered outside James's index. */
    static boolean routed(Criterion criterion) {
        if (criterion instanceof ModSeqCriterion || TextQueries.handles(criterion)) {
            return true;
        }
        if (criterion instanceof ConjunctionCriterion) {
            return ((ConjunctionCriterion) criterion).getCriteria().stream().anyMatch(CriteriaEvaluation::routed);
        }
        return false;
    }

    /** The UIDs matching every top-level criterion. */
    Set<MessageUid> matching() throws MailboxException {
        return and(query.getCriteria());
    }

    private Set<MessageUid> eval(Criterion criterion) throws MailboxException {
        if (criterion instanceof ModSeqCriterion) {
            return modSeq((ModSeqCriterion) criterion);
        }
        if (TextQueries.handles(criterion)) {
            try {
                return textIndex.uids(mailbox.getMailboxId(), TextQueries.query(criterion).orElseThrow());
            } catch (java.io.IOException e) {
                throw new MailboxException("Text index search failed", e);
            }
        }
        if (criterion instanceof ConjunctionCriterion && routed(criterion)) {
            ConjunctionCriterion conjunction = (ConjunctionCriterion) criterion;
            switch (conjunction.getType()) {
                case AND:
                    return and(conjunction.getCriteria());
                case OR:
                    return or(conjunction.getCriteria());
                case NOR: {
                    Set<MessageUid> result = new HashSet<>(universe().keySet());
                    result.removeAll(or(conjunction.getCriteria()));
                    return result;
                }
                default:
                    throw new IllegalArgumentException("unknown conjunction " + conjunction.getType());
            }
        }
        return fromJames(SearchQuery.and(List.of(criterion)));
    }

    private Set<MessageUid> and(List<Criterion> criteria) throws MailboxException {
        List<Criterion> forJames = new ArrayList<>();
        List<Criterion> routed = new ArrayList<>();
        for (Criterion criterion : criteria) {
            (routed(criterion) ? routed : forJames).add(criterion);
        }
        Set<MessageUid> result = forJames.isEmpty() ? null : fromJames(SearchQuery.and(forJames));
        for (Criterion criterion : routed) {
            if (result != null && result.isEmpty()) {
                return result;
            }
            Set<MessageUid> found = eval(criterion);
            if (result == null) {
                result = new HashSet<>(found);
            } else {
                result.retainAll(found);
            }
        }
        return result == null ? new HashSet<>(universe().keySet()) : result;
    }

    private Set<MessageUid> or(List<Criterion> criteria) throws MailboxException {
        List<Criterion> forJames = new ArrayList<>();
        Set<MessageUid> result = new HashSet<>();
        for (Criterion criterion : criteria) {
            if (routed(criterion)) {
                result.addAll(eval(criterion));
            } else {
                forJames.add(criterion);
            }
        }
        if (!forJames.isEmpty()) {
            result.addAll(fromJames(SearchQuery.or(forJames)));
        }
        return result;
    }

    private Map<MessageUid, ModSeq> universe() throws MailboxException {
        if (universe == null) {
            Map<MessageUid, ModSeq> all = new TreeMap<>();
            Flux.from(mailboxManager.getMailbox(mailbox.getMailboxId(), session)
                    .listMessagesMetadata(MessageRange.all(), session))
                .doOnNext(metadata -> all.put(metadata.getComposedMessageId().getUid(), metadata.getModSeq()))
                .blockLast();
            universe = all;
        }
        return universe;
    }

    private Set<MessageUid> modSeq(ModSeqCriterion criterion) throws MailboxException {
        long value = criterion.getOperator().getValue();
        Set<MessageUid> result = new HashSet<>();
        for (Map.Entry<MessageUid, ModSeq> entry : universe().entrySet()) {
            long actual = entry.getValue().asLong();
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
                result.add(entry.getKey());
            }
        }
        return result;
    }

    private Set<MessageUid> fromJames(Criterion criterion) throws MailboxException {
        SearchQuery single = SearchQuery.builder()
            .andCriterion(criterion)
            .addRecentMessageUids(query.getRecentMessageUids())
            .build();
        Set<MessageUid> result = new HashSet<>();
        james.search(session, mailbox, single).doOnNext(result::add).blockLast();
        return result;
    }
}
