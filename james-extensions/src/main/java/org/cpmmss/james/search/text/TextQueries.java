package org.cpmmss.james.search.text;

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
import org.apache.lucene.search.PhraseQuery;
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
 */
public final class TextQueries {
    private TextQueries() {
    }

    /** Whether the text index answers this criterion (not a conjunction). */
    public static boolean handles(Criterion criterion) {
        return query(criterion).isPresent();
    }

    public static Optional<Query> query(Criterion criterion) {
        if (criterion instanceof TextCriterion text) {
            String value = text.getOperator().getValue();
            if (text.getType() == SearchQuery.Scope.BODY) {
                return Optional.of(substring(TextIndexFields.BODY, value));
            }
            if (text.getType() == SearchQuery.Scope.FULL) {
                BooleanQuery either = new BooleanQuery();
                either.add(substring(TextIndexFields.BODY, value), BooleanClause.Occur.SHOULD);
                either.add(substring(TextIndexFields.HEADERS, value), BooleanClause.Occur.SHOULD);
                return Optional.of(either);
            }
            return Optional.empty();
        }
        if (criterion instanceof SubjectCriterion subject) {
            String value = subject.getSubject();
            return value == null || value.isEmpty() ? Optional.empty()
                : Optional.of(substring(TextIndexFields.header("Subject"), value));
        }
        if (criterion instanceof HeaderCriterion header) {
            return headerQuery(header);
        }
        return Optional.empty();
    }

    private static Optional<Query> headerQuery(HeaderCriterion header) {
        String name = header.getHeaderName();
        if (header.getOperator() instanceof ContainsOperator contains) {
            String value = contains.getValue();
            return value == null || value.isEmpty() ? Optional.empty()
                : Optional.of(substring(TextIndexFields.header(name), value));
        }
        if (header.getOperator() instanceof AddressOperator address) {
            String value = address.getAddress();
            return value == null || value.isEmpty() ? Optional.empty()
                : Optional.of(substring(TextIndexFields.address(name), value));
        }
        if (header.getOperator() instanceof DateOperator date && "date".equals(name.toLowerCase(Locale.ROOT))
            && date.getDateResultion() == SearchQuery.DateResolution.Day) {
            String day = TextDocuments.day(date.getDate());
            switch (date.getType()) {
                case BEFORE:
                    return Optional.of(new TermRangeQuery(TextIndexFields.SENT_DAY, null, day, false, false));
                case AFTER:
                    return Optional.of(new TermRangeQuery(TextIndexFields.SENT_DAY, day, null, false, false));
                case ON:
                    return Optional.of(new TermQuery(new Term(TextIndexFields.SENT_DAY, day)));
                default:
                    return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A substring search string as compared with the index's text: folded, the end mark replaced by a space. */
    public static String searchString(String value) {
        return TextFolding.fold(value == null ? "" : value).replace(TrigramTokenizer.END, ' ');
    }

    /**
     * Documents whose field contains the string, compared after {@link TextFolding}: a phrase of its trigrams,
     * or a trigram prefix for one or two characters; the empty string matches every document.
     */
    public static Query substring(String field, String value) {
        String folded = searchString(value);
        int length = folded.codePointCount(0, folded.length());
        if (length == 0) {
            return new MatchAllDocsQuery();
        }
        if (length < 3) {
            return new PrefixQuery(new Term(field, folded));
        }
        List<String> grams = TrigramTokenizer.trigrams(folded);
        if (grams.size() == 1) {
            return new TermQuery(new Term(field, grams.get(0)));
        }
        PhraseQuery phrase = new PhraseQuery();
        for (int i = 0; i < grams.size(); i++) {
            phrase.add(new Term(field, grams.get(i)), i);
        }
        return phrase;
    }
}
