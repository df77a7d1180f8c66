package org.cpmmss.james.search.text;

import java.util.Locale;
import java.util.Optional;

import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.DateOperator;
import org.apache.james.mailbox.model.SearchQuery.ExistsOperator;
import org.apache.james.mailbox.model.SearchQuery.HeaderCriterion;
import org.apache.james.mailbox.model.SearchQuery.InternalDateCriterion;
import org.apache.james.mailbox.model.SearchQuery.NumericOperator;
import org.apache.james.mailbox.model.SearchQuery.SaveDateCriterion;
import org.apache.james.mailbox.model.SearchQuery.SizeCriterion;
import org.apache.james.mailbox.model.SearchQuery.SubjectCriterion;
import org.apache.lucene.document.DateTools;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.NumericRangeQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;

/**
 * The search criteria the index answers from what it keeps beside the text: LARGER/SMALLER (size), BEFORE/ON/SINCE
 * and OLDER/YOUNGER (internal date, compared in UTC at the criterion's resolution, as James's Lucene index did),
 * SAVEDBEFORE/SAVEDON/SAVEDSINCE (save date), and header existence ({@code HEADER name ""}, an empty SUBJECT).
 */
public final class FactQueries {
    /** DateTools' millisecond form: yyyyMMddHHmmssSSS. */
    private static final int MILLISECOND_DIGITS = 17;

    private FactQueries() {
    }

    public static Optional<Query> query(Criterion criterion) {
        if (criterion instanceof SizeCriterion size) {
            return Optional.of(size(size.getOperator()));
        }
        if (criterion instanceof InternalDateCriterion date) {
            return Optional.of(date(TextIndexFields.ARRIVAL_MS, date.getOperator()));
        }
        if (criterion instanceof SaveDateCriterion date) {
            return Optional.of(date(TextIndexFields.SAVE_MS, date.getOperator()));
        }
        if (criterion instanceof SubjectCriterion subject && (subject.getSubject() == null || subject.getSubject().isEmpty())) {
            return Optional.of(exists("Subject"));
        }
        if (criterion instanceof HeaderCriterion header) {
            if (header.getOperator() instanceof ExistsOperator) {
                return Optional.of(exists(header.getHeaderName()));
            }
            if (header.getOperator() instanceof SearchQuery.ContainsOperator contains
                && (contains.getValue() == null || contains.getValue().isEmpty())) {
                return Optional.of(exists(header.getHeaderName()));
            }
        }
        return Optional.empty();
    }

    private static Query exists(String headerName) {
        return new TermQuery(new Term(TextIndexFields.HEADER_NAMES, headerName.toLowerCase(Locale.ROOT)));
    }

    private static Query size(NumericOperator operator) {
        long value = operator.getValue();
        switch (operator.getType()) {
            case GREATER_THAN:
                return NumericRangeQuery.newLongRange(TextIndexFields.SIZE, value, null, false, false);
            case LESS_THAN:
                return NumericRangeQuery.newLongRange(TextIndexFields.SIZE, null, value, false, false);
            default:
                return NumericRangeQuery.newLongRange(TextIndexFields.SIZE, value, value, true, true);
        }
    }

    /** A date at the operator's resolution is a prefix of the millisecond form: compare padded bounds. */
    private static Query date(String field, DateOperator operator) {
        String lowest = lowest(operator);
        String highest = highest(operator);
        switch (operator.getType()) {
            case BEFORE:
                return new TermRangeQuery(field, null, lowest, false, false);
            case AFTER:
                return new TermRangeQuery(field, highest, null, false, false);
            default:
                return new TermRangeQuery(field, lowest, highest, true, true);
        }
    }

    /** The first millisecond form (yyyyMMddHHmmssSSS, UTC) of the operator's date at its resolution. */
    public static String lowest(DateOperator operator) {
        return pad(DateTools.dateToString(operator.getDate(), resolution(operator.getDateResultion())), '0');
    }

    /** The last millisecond form of the operator's date at its resolution (padded with nines). */
    public static String highest(DateOperator operator) {
        return pad(DateTools.dateToString(operator.getDate(), resolution(operator.getDateResultion())), '9');
    }

    private static String pad(String prefix, char digit) {
        StringBuilder padded = new StringBuilder(prefix);
        while (padded.length() < MILLISECOND_DIGITS) {
            padded.append(digit);
        }
        return padded.toString();
    }

    private static DateTools.Resolution resolution(SearchQuery.DateResolution resolution) {
        switch (resolution) {
            case Year:
                return DateTools.Resolution.YEAR;
            case Month:
                return DateTools.Resolution.MONTH;
            case Day:
                return DateTools.Resolution.DAY;
            case Hour:
                return DateTools.Resolution.HOUR;
            case Minute:
                return DateTools.Resolution.MINUTE;
            case Second:
                return DateTools.Resolution.SECOND;
            default:
                return DateTools.Resolution.MILLISECOND;
        }
    }
}
