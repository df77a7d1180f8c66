package org.cpmmss.james.search.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.lucene.document.Document;

/**
 * The RFC 5256 sort keys of one message, as stored in the text index, and the ordering of a SORT
 * program: each key compared in turn ({@code REVERSE} reverses that key only), ties broken by UID ascending
 * (that is, by message sequence number, as RFC 5256 requires, whatever the keys' directions).
 */
public record SortKeys(MessageUid uid, long arrival, long date, long size, String subject, String from, String to,
                       String cc) {

    static SortKeys of(MessageUid uid, Document doc) {
        return new SortKeys(uid, number(doc, TextIndexFields.SORT_ARRIVAL), number(doc, TextIndexFields.SORT_DATE),
            number(doc, TextIndexFields.SORT_SIZE), text(doc, TextIndexFields.SORT_SUBJECT), text(doc, TextIndexFields.SORT_FROM),
            text(doc, TextIndexFields.SORT_TO), text(doc, TextIndexFields.SORT_CC));
    }

    private static long number(Document doc, String field) {
        String value = doc.get(field);
        return value == null ? 0 : Long.parseLong(value);
    }

    private static String text(Document doc, String field) {
        String value = doc.get(field);
        return value == null ? "" : value;
    }

    /**
     * The UIDs in the order of the sort program; a UID without keys (not yet indexed) sorts as if every key
     * were empty.
     */
    public static List<MessageUid> order(List<MessageUid> uids, Map<MessageUid, SortKeys> keys, List<SearchQuery.Sort> program) {
        Comparator<SortKeys> comparator = null;
        for (SearchQuery.Sort sort : program) {
            Comparator<SortKeys> key = comparator(sort.getSortClause());
            if (key == null) {
                continue;
            }
            if (sort.isReverse()) {
                key = key.reversed();
            }
            comparator = comparator == null ? key : comparator.thenComparing(key);
        }
        Comparator<SortKeys> byUid = Comparator.comparing(SortKeys::uid);
        Comparator<SortKeys> full = comparator == null ? byUid : comparator.thenComparing(byUid);
        List<SortKeys> sorted = new ArrayList<>(uids.size());
        for (MessageUid uid : uids) {
            sorted.add(keys.getOrDefault(uid, new SortKeys(uid, 0, 0, 0, "", "", "", "")));
        }
        sorted.sort(full);
        List<MessageUid> result = new ArrayList<>(sorted.size());
        sorted.forEach(k -> result.add(k.uid()));
        return result;
    }

    private static Comparator<SortKeys> comparator(SearchQuery.Sort.SortClause clause) {
        switch (clause) {
            case Arrival:
                return Comparator.comparingLong(SortKeys::arrival);
            case SentDate:
                return Comparator.comparingLong(SortKeys::date);
            case Size:
                return Comparator.comparingLong(SortKeys::size);
            case BaseSubject:
                return Comparator.comparing(SortKeys::subject);
            case MailboxFrom:
                return Comparator.comparing(SortKeys::from);
            case MailboxTo:
                return Comparator.comparing(SortKeys::to);
            case MailboxCc:
                return Comparator.comparing(SortKeys::cc);
            case Uid:
                return Comparator.comparing(SortKeys::uid);
            default:
                return null;
        }
    }
}
