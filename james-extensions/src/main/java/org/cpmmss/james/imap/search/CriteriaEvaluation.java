package org.cpmmss.james.imap.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import javax.mail.Flags;

import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.UnsupportedSearchException;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.AllCriterion;
import org.apache.james.mailbox.model.SearchQuery.ConjunctionCriterion;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.CustomFlagCriterion;
import org.apache.james.mailbox.model.SearchQuery.FlagCriterion;
import org.apache.james.mailbox.model.SearchQuery.MessageIdCriterion;
import org.apache.james.mailbox.model.SearchQuery.MimeMessageIDCriterion;
import org.apache.james.mailbox.model.SearchQuery.ModSeqCriterion;
import org.apache.james.mailbox.model.SearchQuery.ThreadIdCriterion;
import org.apache.james.mailbox.model.SearchQuery.UidCriterion;
import org.apache.james.mailbox.model.SearchQuery.UidRange;
import org.cpmmss.james.search.text.FactQueries;
import org.cpmmss.james.search.text.TextIndex;
import org.cpmmss.james.search.text.TextQueries;

import reactor.core.publisher.Flux;

/**
 * One search of one folder, evaluated as a tree of criteria with sets of UIDs. The leaves come from two places:
 * the folder's metadata, read once per search (flags, keywords, {@code \Recent} of the searching session, UIDs,
 * MODSEQ, message and thread ids), and the search index ({@link TextQueries}: BODY, TEXT, HEADER, SUBJECT,
 * FROM/TO/CC/BCC, SENT*; {@link FactQueries}: sizes, internal and save dates, header existence). AND, OR and NOT
 * are intersection, union and complement against the folder's messages; the result never holds a UID the folder
 * no longer has (a document of an expunged message not yet removed from the index is ignored).
 */
final class CriteriaEvaluation {
    /** Beyond this many UID ranges of hits, the whole folder's metadata is read once instead. */
    private static final int MAX_CHECKED_RANGES = 32;
    private final MailboxManager mailboxManager;
    private final TextIndex textIndex;
    private final MailboxSession session;
    private final Mailbox mailbox;
    private final SearchQuery query;
    private Map<MessageUid, ComposedMessageIdWithMetaData> universe;

    CriteriaEvaluation(MailboxManager mailboxManager, TextIndex textIndex, MailboxSession session, Mailbox mailbox,
                       SearchQuery query) {
        this.mailboxManager = mailboxManager;
        this.textIndex = textIndex;
        this.session = session;
        this.mailbox = mailbox;
        this.query = query;
    }

    /**
     * The UIDs matching every top-level criterion. Index answers are checked against the folder's messages: the
     * whole folder's metadata when the evaluation read it anyway or the hits are scattered, otherwise only the
     * hits' UID ranges (a text search of a large folder does not read every message's metadata).
     */
    Set<MessageUid> matching() throws MailboxException {
        Set<MessageUid> result = and(query.getCriteria());
        List<MessageRange> ranges = MessageRange.toRanges(new ArrayList<>(new TreeSet<>(result)));
        if (universe != null || ranges.size() > MAX_CHECKED_RANGES) {
            result.retainAll(universe().keySet());
            return result;
        }
        Set<MessageUid> existing = new HashSet<>();
        MessageManager folder = mailboxManager.getMailbox(mailbox.getMailboxId(), session);
        for (MessageRange range : ranges) {
            Flux.from(folder.listMessagesMetadata(range, session))
                .doOnNext(metadata -> existing.add(metadata.getComposedMessageId().getUid()))
                .blockLast();
        }
        result.retainAll(existing);
        return result;
    }

    private Set<MessageUid> eval(Criterion criterion) throws MailboxException {
        if (criterion instanceof ConjunctionCriterion conjunction) {
            switch (conjunction.getType()) {
                case AND:
                    return and(conjunction.getCriteria());
                case OR: {
                    Set<MessageUid> result = new HashSet<>();
                    for (Criterion child : conjunction.getCriteria()) {
                        result.addAll(eval(child));
                    }
                    return result;
                }
                case NOR: {
                    Set<MessageUid> result = new HashSet<>(universe().keySet());
                    for (Criterion child : conjunction.getCriteria()) {
                        result.removeAll(eval(child));
                    }
                    return result;
                }
                default:
                    throw new UnsupportedSearchException();
            }
        }
        if (criterion instanceof MimeMessageIDCriterion messageId) {
            return eval(messageId.asHeaderCriterion());
        }
        Optional<Set<MessageUid>> indexed;
        try {
            indexed = textIndex.uids(mailbox.getMailboxId(), criterion);
        } catch (IOException e) {
            throw new MailboxException("Search index search failed", e);
        }
        return indexed.isPresent() ? new HashSet<>(indexed.get()) : fromMetadata(criterion);
    }

    private Set<MessageUid> and(List<Criterion> criteria) throws MailboxException {
        Set<MessageUid> result = null;
        for (Criterion criterion : criteria) {
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

    private Set<MessageUid> fromMetadata(Criterion criterion) throws MailboxException {
        if (criterion instanceof AllCriterion) {
            return new HashSet<>(universe().keySet());
        }
        if (criterion instanceof FlagCriterion flag) {
            boolean set = flag.getOperator().isSet();
            if (Flags.Flag.RECENT.equals(flag.getFlag())) {
                // \Recent belongs to the session (RFC 3501 2.3.2): the SEARCH command hands its recent UIDs over
                Set<MessageUid> recent = query.getRecentMessageUids();
                return where(m -> recent.contains(m.getComposedMessageId().getUid()) == set);
            }
            return where(m -> m.getFlags().contains(flag.getFlag()) == set);
        }
        if (criterion instanceof CustomFlagCriterion keyword) {
            boolean set = keyword.getOperator().isSet();
            return where(m -> m.getFlags().contains(keyword.getFlag()) == set);
        }
        if (criterion instanceof UidCriterion uids) {
            UidRange[] ranges = uids.getOperator().getRange();
            return where(m -> inRanges(m.getComposedMessageId().getUid(), ranges));
        }
        if (criterion instanceof ModSeqCriterion modSeq) {
            return where(m -> modSeqMatches(modSeq, m.getModSeq().asLong()));
        }
        if (criterion instanceof MessageIdCriterion messageId) {
            return where(m -> messageId.getMessageId().equals(m.getComposedMessageId().getMessageId()));
        }
        if (criterion instanceof ThreadIdCriterion threadId) {
            return where(m -> threadId.getThreadId().equals(m.getThreadId()));
        }
        // attachments and JMAP-only criteria: not indexed (no IMAP command produces them)
        throw new UnsupportedSearchException();
    }

    private static boolean inRanges(MessageUid uid, UidRange[] ranges) {
        for (UidRange range : ranges) {
            if (range.isIn(uid)) {
                return true;
            }
        }
        return false;
    }

    private static boolean modSeqMatches(ModSeqCriterion criterion, long actual) {
        long value = criterion.getOperator().getValue();
        switch (criterion.getOperator().getType()) {
            case EQUALS:
                return actual == value;
            case GREATER_THAN:
                return actual > value;
            case LESS_THAN:
                return actual < value;
            default:
                return false;
        }
    }

    private Set<MessageUid> where(Predicate<ComposedMessageIdWithMetaData> test) throws MailboxException {
        Set<MessageUid> result = new HashSet<>();
        for (Map.Entry<MessageUid, ComposedMessageIdWithMetaData> entry : universe().entrySet()) {
            if (test.test(entry.getValue())) {
                result.add(entry.getKey());
            }
        }
        return result;
    }

    private Map<MessageUid, ComposedMessageIdWithMetaData> universe() throws MailboxException {
        if (universe == null) {
            Map<MessageUid, ComposedMessageIdWithMetaData> all = new TreeMap<>();
            Flux.from(mailboxManager.getMailbox(mailbox.getMailboxId(), session)
                    .listMessagesMetadata(MessageRange.all(), session))
                .doOnNext(metadata -> all.put(metadata.getComposedMessageId().getUid(), metadata))
                .blockLast();
            universe = all;
        }
        return universe;
    }
}
