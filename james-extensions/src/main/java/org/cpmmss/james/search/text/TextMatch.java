package org.cpmmss.james.search.text;

import java.util.Optional;
import java.util.function.Predicate;

import org.apache.lucene.search.Query;

/**
 * A substring criterion as the embedded index answers it: a query on trigrams kept without positions, which finds
 * every message holding the string and, for a string of four or more characters, maybe others holding its trigrams
 * apart; then, for those, the check each candidate's text must pass ({@link #occursIn}). Strings of up to three
 * characters need no check: one trigram, or a trigram prefix, is the whole question.
 */
public record TextMatch(Query candidates, Optional<Predicate<TextEntry>> check) {

    /**
     * Whether the folded search string occurs in a field's text as the index reads it ({@link TrigramTokenizer}: at
     * most {@link TrigramTokenizer#MAX_CHARS} characters, the end mark read as a space, {@link TextFolding}): exactly
     * what a phrase of the string's trigrams over that text would find.
     */
    public static boolean occursIn(String text, String folded) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        String indexed = text.length() > TrigramTokenizer.MAX_CHARS ? text.substring(0, TrigramTokenizer.MAX_CHARS) : text;
        return TextFolding.fold(indexed.replace(TrigramTokenizer.END, ' ')).contains(folded);
    }
}
