package org.cpmmss.james.search.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.AddressOperator;
import org.apache.james.mailbox.model.SearchQuery.ContainsOperator;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.DateOperator;
import org.apache.james.mailbox.model.SearchQuery.HeaderCriterion;
import org.apache.james.mailbox.model.SearchQuery.SubjectCriterion;
import org.apache.james.mailbox.model.SearchQuery.TextCriterion;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;

/**
 * The search criteria the text index answers, as Lucene queries over its fields: BODY and TEXT (RFC 3501
 * substring of the decoded body, or of body or header section), HEADER name value and SUBJECT (substring of the
 * header's decoded values), FROM/TO/CC/BCC (substring of the {@link AddressText}), SENTBEFORE/SENTON/SENTSINCE
 * (the Date header's calendar day). Every other criterion, and HEADER with an empty value (existence), is left to
 * James's index.
 *
 * <p>The trigram fields are indexed without positions ({@link TextDocuments}): a substring query is the conjunction
 * of the string's trigrams, and when the string has more than one trigram its hits are candidates, each checked
 * against its message's text ({@link TextMatch}).</p>
 */
public final class TextQueries {
    /** At most this many of a long string's trigrams make its candidate query (the check does the rest). */
    static final int MAX_CANDIDATE_GRAMS = 64;

    private TextQueries() {
    }

    /** Whether the text index answers this criterion (not a conjunction). */
    public static boolean handles(Criterion criterion) {
        return bodyOrText(criterion) || match(criterion).isPresent();
    }

    /** BODY or TEXT: answered on the shared body documents (and, for TEXT, the header section) by the index. */
    public static boolean bodyOrText(Criterion criterion) {
        return criterion instanceof TextCriterion text
            && (text.getType() == SearchQuery.Scope.BODY || text.getType() == SearchQuery.Scope.FULL);
    }

    /** SUBJECT, HEADER (contains, address, Date by day): the candidates' query on the copy documents and their check. */
    public static Optional<TextMatch> match(Criterion criterion) {
        if (criterion instanceof SubjectCriterion subject) {
            String value = subject.getSubject();
            return value == null || value.isEmpty() ? Optional.empty()
                : Optional.of(substring(TextIndexFields.header("Subject"), value,
                    entry -> entry.valuesByName().get("subject")));
        }
        if (criterion instanceof HeaderCriterion header) {
            return headerMatch(header);
        }
        return Optional.empty();
    }

    private static Optional<TextMatch> headerMatch(HeaderCriterion header) {
        String name = header.getHeaderName();
        String lowerName = name.toLowerCase(Locale.ROOT);
        if (header.getOperator() instanceof ContainsOperator contains) {
            String value = contains.getValue();
            return value == null || value.isEmpty() ? Optional.empty()
                : Optional.of(substring(TextIndexFields.header(name), value, entry -> entry.valuesByName().get(lowerName)));
        }
        if (header.getOperator() instanceof AddressOperator address) {
            String value = address.getAddress();
            return value == null || value.isEmpty() ? Optional.empty()
                : Optional.of(substring(TextIndexFields.address(name), value, entry -> entry.addresses().get(lowerName)));
        }
        if (header.getOperator() instanceof DateOperator date && "date".equals(lowerName)
            && date.getDateResultion() == SearchQuery.DateResolution.Day) {
            String day = TextDocuments.day(date.getDate());
            switch (date.getType()) {
                case BEFORE:
                    return exactly(new TermRangeQuery(TextIndexFields.SENT_DAY, null, day, false, false));
                case AFTER:
                    return exactly(new TermRangeQuery(TextIndexFields.SENT_DAY, day, null, false, false));
                case ON:
                    return exactly(new TermQuery(new Term(TextIndexFields.SENT_DAY, day)));
                default:
                    return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<TextMatch> exactly(Query query) {
        return Optional.of(new TextMatch(query, Optional.empty()));
    }

    private static TextMatch substring(String field, String value, java.util.function.Function<TextEntry, String> text) {
        Query candidates = candidates(field, value);
        if (exact(value)) {
            return new TextMatch(candidates, Optional.empty());
        }
        String folded = searchString(value);
        return new TextMatch(candidates, Optional.of(entry -> TextMatch.occursIn(text.apply(entry), folded)));
    }

    /** A substring search string as compared with the index's text: folded, the end mark replaced by a space. */
    public static String searchString(String value) {
        return TextFolding.fold(value == null ? "" : value).replace(TrigramTokenizer.END, ' ');
    }

    /**
     * Whether {@link #candidates} finds exactly the documents whose field contains the string: a string of at most
     * three characters (one trigram, or a prefix of one). A longer one's candidates may hold its trigrams apart.
     */
    public static boolean exact(String value) {
        String folded = searchString(value);
        return folded.codePointCount(0, folded.length()) <= 3;
    }

    /**
     * Documents whose field may contain the string, compared after {@link TextFolding}: those holding its trigrams
     * (at most {@value #MAX_CANDIDATE_GRAMS} of them, spread over the string), or a trigram prefix for one or two
     * characters; the empty string matches every document. Every document containing the string is among them.
     */
    public static Query candidates(String field, String value) {
        String folded = searchString(value);
        int length = folded.codePointCount(0, folded.length());
        if (length == 0) {
            return new MatchAllDocsQuery();
        }
        if (length < 3) {
            return new PrefixQuery(new Term(field, folded));
        }
        List<String> grams = new ArrayList<>(new LinkedHashSet<>(TrigramTokenizer.trigrams(folded)));
        if (grams.size() == 1) {
            return new TermQuery(new Term(field, grams.get(0)));
        }
        BooleanQuery all = new BooleanQuery();
        int count = Math.min(grams.size(), MAX_CANDIDATE_GRAMS);
        for (int i = 0; i < count; i++) {
            // evenly spread over the string, its first and last trigrams included
            int at = count == 1 ? 0 : (int) ((long) i * (grams.size() - 1) / (count - 1));
            all.add(new TermQuery(new Term(field, grams.get(at))), BooleanClause.Occur.MUST);
        }
        return all;
    }
}
