package org.cpmmss.james.search.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

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
 * <p>Every trigram field is kept without positions ({@link TextDocuments}): the body's, the whole header section's
 * (TEXT, and the candidates of SUBJECT and HEADER: no header has a field of its own) and each address header's. A
 * substring of more than one trigram finds candidates holding all of them ({@link #candidates}), each then checked
 * against its text ({@link #occursIn}, {@link StoredTexts}).</p>
 */
public final class TextQueries {
    /** At most this many of a long string's trigrams make its candidate query (the check does the rest). */
    static final int MAX_CANDIDATE_GRAMS = 64;

    private TextQueries() {
    }

    /** BODY or TEXT: the body half answered on the shared body documents, with the check of its candidates. */
    public static boolean bodyOrText(Criterion criterion) {
        return criterion instanceof TextCriterion text
            && (text.getType() == SearchQuery.Scope.BODY || text.getType() == SearchQuery.Scope.FULL);
    }

    /** HEADER name by Date day: the exact query on the copy documents (SUBJECT and the other HEADERs: {@link #headerSubstring}). */
    public static Optional<Query> query(Criterion criterion) {
        if (criterion instanceof HeaderCriterion header && header.getOperator() instanceof DateOperator date
            && "date".equals(header.getHeaderName().toLowerCase(Locale.ROOT))
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

    /**
     * A substring of one header's text (SUBJECT, HEADER name value; FROM, TO, CC, BCC): the copy documents that may
     * hold it ({@link #candidates}), whether they all do ({@code exact}: no check needed), and the text each candidate
     * is checked against, read again from its fields of that name ({@link StoredTexts#headers}).
     *
     * @param folded the search string as compared ({@link #searchString})
     */
    public record HeaderSubstring(Query candidates, boolean exact, String header, String folded,
                                  Function<MessageText, Optional<String>> text) {
        /** Whether the message's fields of that header hold the string (their text as the index reads it). */
        public boolean holds(HeaderFields fields) {
            return text.apply(fields.named(header)).map(t -> occursIn(t, folded)).orElse(false);
        }
    }

    /**
     * SUBJECT and HEADER name value (not empty): a header's values have no field of their own; the header section's
     * trigrams ({@link TextIndexFields#HEADERS}, every value on a line of its own) give the candidates, each checked
     * against that header's values (joined with a line feed, as one value). A string with a line feed may span two
     * values that are not neighbours in the header section: then every message of the folder is a candidate.
     * FROM, TO, CC, BCC (HEADER name address): the address header's own trigram field, checked unless
     * {@link #exact}.
     */
    public static Optional<HeaderSubstring> headerSubstring(Criterion criterion) {
        if (criterion instanceof SubjectCriterion subject) {
            return headerValues("Subject", subject.getSubject());
        }
        if (!(criterion instanceof HeaderCriterion header)) {
            return Optional.empty();
        }
        String name = header.getHeaderName();
        if (header.getOperator() instanceof ContainsOperator contains) {
            return headerValues(name, contains.getValue());
        }
        if (header.getOperator() instanceof AddressOperator address) {
            String value = address.getAddress();
            if (value == null || value.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new HeaderSubstring(candidates(TextIndexFields.address(name), value), exact(value),
                name, searchString(value), headers -> headers.addresses(name).map(AddressText::searchable)));
        }
        return Optional.empty();
    }

    private static Optional<HeaderSubstring> headerValues(String name, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        String folded = searchString(value);
        Query candidates = folded.indexOf('\n') >= 0 ? new MatchAllDocsQuery() : candidates(TextIndexFields.HEADERS, value);
        String key = name.toLowerCase(Locale.ROOT);
        return Optional.of(new HeaderSubstring(candidates, false, name, folded,
            headers -> Optional.ofNullable(headers.valuesByName().get(key))));
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
     * Documents whose field (without positions) may contain the string, compared after {@link TextFolding}: those
     * holding its trigrams (at most {@value #MAX_CANDIDATE_GRAMS} of them, spread over the string), or a trigram
     * prefix for one or two characters; the empty string matches every document. Every document containing the
     * string is among them; exactly those when the string is {@link #exact}.
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
            int at = (int) ((long) i * (grams.size() - 1) / (count - 1));
            all.add(new TermQuery(new Term(field, grams.get(at))), BooleanClause.Occur.MUST);
        }
        return all;
    }

    /**
     * Whether the folded search string occurs in a field's text as the index reads it ({@link TrigramTokenizer}: at
     * most {@link TrigramTokenizer#MAX_CHARS} characters, the end mark read as a space, {@link TextFolding}): exactly
     * what a phrase of the string's trigrams over that text finds. An all-ASCII text (chat text mostly is) is compared
     * in one pass, folding as it goes (lower case; {@link TextFolding} does nothing else to ASCII); any other text is
     * folded whole first.
     */
    public static boolean occursIn(String text, String folded) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        String indexed = text.length() > TrigramTokenizer.MAX_CHARS ? text.substring(0, TrigramTokenizer.MAX_CHARS) : text;
        int ascii = asciiOccurrence(indexed, folded.toCharArray());
        if (ascii >= 0) {
            return ascii == 1;
        }
        return TextFolding.fold(indexed.replace(TrigramTokenizer.END, ' ')).contains(folded);
    }

    /** 1 or 0 whether an all-ASCII text holds the folded string; -1 when the text is not all ASCII. */
    private static int asciiOccurrence(String text, char[] needle) {
        boolean found = needle.length == 0;
        int length = text.length();
        int last = length - needle.length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return -1;
            }
            if (!found && i <= last && asciiFolded(c) == needle[0] && asciiMatchAt(text, i, needle)) {
                found = true;
            }
        }
        return found ? 1 : 0;
    }

    private static boolean asciiMatchAt(String text, int at, char[] needle) {
        for (int j = 1; j < needle.length; j++) {
            if (asciiFolded(text.charAt(at + j)) != needle[j]) {
                return false;
            }
        }
        return true;
    }

    /** An ASCII character as the index reads it: the end mark as a space, upper case as lower case. */
    private static char asciiFolded(char c) {
        if (c == TrigramTokenizer.END) {
            return ' ';
        }
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
