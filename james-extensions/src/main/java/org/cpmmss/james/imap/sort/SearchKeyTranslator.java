package org.cpmmss.james.imap.sort;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import javax.mail.Flags.Flag;

import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.UidRange;
import org.apache.james.imap.api.message.request.DayMonthYear;
import org.apache.james.imap.api.message.request.SearchKey;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.AddressType;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.DateResolution;
import org.apache.james.mailbox.model.ThreadId;

/**
 * Turns a parsed IMAP search key into a mailbox {@link SearchQuery} criterion, with message sequence numbers
 * resolved against the session's selected mailbox. (James's own translation is private to its SEARCH processor;
 * this one follows RFC 3501 section 6.4.4: SINCE/SENTSINCE include the day, dates compare by day.)
 */
public final class SearchKeyTranslator {
    private final MessageId.Factory messageIdFactory;

    public SearchKeyTranslator(MessageId.Factory messageIdFactory) {
        this.messageIdFactory = messageIdFactory;
    }

    public Criterion toCriterion(SearchKey key, SelectedMailbox selected) {
        DayMonthYear date = key.getDate();
        switch (key.getType()) {
            case TYPE_ALL:
                return SearchQuery.all();
            case TYPE_AND:
                return SearchQuery.and(all(key.getKeys(), selected));
            case TYPE_OR:
                return SearchQuery.or(all(key.getKeys(), selected));
            case TYPE_NOT:
                return SearchQuery.not(all(key.getKeys(), selected));
            case TYPE_ANSWERED:
                return SearchQuery.flagIsSet(Flag.ANSWERED);
            case TYPE_UNANSWERED:
                return SearchQuery.flagIsUnSet(Flag.ANSWERED);
            case TYPE_DELETED:
                return SearchQuery.flagIsSet(Flag.DELETED);
            case TYPE_UNDELETED:
                return SearchQuery.flagIsUnSet(Flag.DELETED);
            case TYPE_DRAFT:
                return SearchQuery.flagIsSet(Flag.DRAFT);
            case TYPE_UNDRAFT:
                return SearchQuery.flagIsUnSet(Flag.DRAFT);
            case TYPE_FLAGGED:
                return SearchQuery.flagIsSet(Flag.FLAGGED);
            case TYPE_UNFLAGGED:
                return SearchQuery.flagIsUnSet(Flag.FLAGGED);
            case TYPE_SEEN:
                return SearchQuery.flagIsSet(Flag.SEEN);
            case TYPE_UNSEEN:
                return SearchQuery.flagIsUnSet(Flag.SEEN);
            case TYPE_RECENT:
                return SearchQuery.flagIsSet(Flag.RECENT);
            case TYPE_OLD:
                return SearchQuery.flagIsUnSet(Flag.RECENT);
            case TYPE_NEW:
                return SearchQuery.and(SearchQuery.flagIsSet(Flag.RECENT), SearchQuery.flagIsUnSet(Flag.SEEN));
            case TYPE_KEYWORD:
                return SearchQuery.flagIsSet(key.getValue());
            case TYPE_UNKEYWORD:
                return SearchQuery.flagIsUnSet(key.getValue());
            case TYPE_BCC:
                return SearchQuery.address(AddressType.Bcc, key.getValue());
            case TYPE_CC:
                return SearchQuery.address(AddressType.Cc, key.getValue());
            case TYPE_FROM:
                return SearchQuery.address(AddressType.From, key.getValue());
            case TYPE_TO:
                return SearchQuery.address(AddressType.To, key.getValue());
            case TYPE_SUBJECT:
                return SearchQuery.subject(key.getValue());
            case TYPE_BODY:
                return SearchQuery.bodyContains(key.getValue());
            case TYPE_TEXT:
                return SearchQuery.mailContains(key.getValue());
            case TYPE_HEADER:
                if (key.getValue() == null || key.getValue().isEmpty()) {
                    return SearchQuery.headerExists(key.getName());
                }
                return SearchQuery.headerContains(key.getName(), key.getValue());
            case TYPE_LARGER:
                return SearchQuery.sizeGreaterThan(key.getSize());
            case TYPE_SMALLER:
                return SearchQuery.sizeLessThan(key.getSize());
            case TYPE_BEFORE:
                return SearchQuery.internalDateBefore(date.toDate(), DateResolution.Day);
            case TYPE_ON:
                return SearchQuery.internalDateOn(date.toDate(), DateResolution.Day);
            case TYPE_SINCE:
                return SearchQuery.or(SearchQuery.internalDateOn(date.toDate(), DateResolution.Day),
                    SearchQuery.internalDateAfter(date.toDate(), DateResolution.Day));
            case TYPE_SENTBEFORE:
                return SearchQuery.headerDateBefore(ImapConstants.RFC822_DATE, date.toDate(), DateResolution.Day);
            case TYPE_SENTON:
                return SearchQuery.headerDateOn(ImapConstants.RFC822_DATE, date.toDate(), DateResolution.Day);
            case TYPE_SENTSINCE:
                return SearchQuery.or(SearchQuery.headerDateOn(ImapConstants.RFC822_DATE, date.toDate(), DateResolution.Day),
                    SearchQuery.headerDateAfter(ImapConstants.RFC822_DATE, date.toDate(), DateResolution.Day));
            case TYPE_SAVEDBEFORE:
                return SearchQuery.saveDateBefore(date.toDate(), DateResolution.Day);
            case TYPE_SAVEDON:
                return SearchQuery.saveDateOn(date.toDate(), DateResolution.Day);
            case TYPE_SAVEDSINCE:
                return SearchQuery.or(SearchQuery.saveDateOn(date.toDate(), DateResolution.Day),
                    SearchQuery.saveDateAfter(date.toDate(), DateResolution.Day));
            case TYPE_SAVEDATESUPPORTED:
                return SearchQuery.saveDateSupported();
            case TYPE_OLDER: {
                Date limit = new Date(System.currentTimeMillis() - key.getSeconds() * 1000);
                return SearchQuery.or(SearchQuery.internalDateOn(limit, DateResolution.Second),
                    SearchQuery.internalDateBefore(limit, DateResolution.Second));
            }
            case TYPE_YOUNGER: {
                Date limit = new Date(System.currentTimeMillis() - key.getSeconds() * 1000);
                return SearchQuery.or(SearchQuery.internalDateOn(limit, DateResolution.Second),
                    SearchQuery.internalDateAfter(limit, DateResolution.Second));
            }
            case TYPE_MODSEQ:
                return SearchQuery.or(SearchQuery.modSeqEquals(key.getModSeq()), SearchQuery.modSeqGreaterThan(key.getModSeq()));
            case TYPE_THREADID:
                return SearchQuery.threadId(ThreadId.fromBaseMessageId(messageIdFactory.fromString(key.getThreadId())));
            case TYPE_EMAILID:
                return SearchQuery.hasMessageId(messageIdFactory.fromString(key.getMessageId()));
            case TYPE_SEQUENCE_SET:
                return sequenceSet(key.getSequenceNumbers(), selected);
            case TYPE_UID:
                return uidSet(key.getUidRanges(), selected);
            default:
                throw new IllegalArgumentException("Unsupported search key " + key.getType());
        }
    }

    private List<Criterion> all(List<SearchKey> keys, SelectedMailbox selected) {
        List<Criterion> criteria = new ArrayList<>(keys.size());
        for (SearchKey key : keys) {
            criteria.add(toCriterion(key, selected));
        }
        return criteria;
    }

    /** Message sequence numbers as UID ranges; "*" is the last message, numbers past the end are clamped. */
    private static Criterion sequenceSet(IdRange[] ranges, SelectedMailbox selected) {
        List<SearchQuery.UidRange> uidRanges = new ArrayList<>();
        if (selected.existsCount() > 0) {
            MessageUid first = selected.getFirstUid().orElse(MessageUid.MIN_VALUE);
            MessageUid last = selected.getLastUid().orElse(MessageUid.MIN_VALUE);
            for (IdRange range : ranges) {
                Optional<MessageUid> low = range.getLowVal() == Long.MAX_VALUE ? Optional.of(last)
                    : range.getLowVal() == Long.MIN_VALUE ? Optional.of(first) : selected.uid((int) range.getLowVal());
                Optional<MessageUid> high = range.getHighVal() == Long.MAX_VALUE ? Optional.of(last)
                    : selected.uid((int) range.getHighVal()).or(() -> Optional.of(last));
                if (low.isPresent()) {
                    uidRanges.add(new SearchQuery.UidRange(low.get(), high.get()));
                }
            }
        }
        return SearchQuery.uid(uidRanges.toArray(SearchQuery.UidRange[]::new));
    }

    private static Criterion uidSet(UidRange[] ranges, SelectedMailbox selected) {
        List<SearchQuery.UidRange> uidRanges = new ArrayList<>();
        MessageUid last = selected.getLastUid().orElse(MessageUid.MIN_VALUE);
        for (UidRange range : ranges) {
            MessageUid low = range.getLowVal();
            MessageUid high = range.getHighVal();
            if (high.equals(MessageUid.MAX_VALUE) && last.compareTo(low) < 0) {
                // "n:*" with n past the last UID still designates the last message (RFC 3501 9, seq-range)
                uidRanges.add(new SearchQuery.UidRange(last));
            } else {
                uidRanges.add(new SearchQuery.UidRange(low, high));
            }
        }
        return SearchQuery.uid(uidRanges.toArray(SearchQuery.UidRange[]::new));
    }

}
