package org.cpmmss.james.search.postgresql;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.lucene.document.DateTools;
import org.cpmmss.james.search.text.SortKeys;
import org.cpmmss.james.search.text.TextDocuments;
import org.cpmmss.james.search.text.TextEntry;
import org.cpmmss.james.search.text.TextFolding;
import org.cpmmss.james.search.text.TrigramTokenizer;
import org.cpmmss.james.search.text.WordTokenizer;

/**
 * One message's row of the PostgreSQL search index, made from its {@link TextEntry}: every searched text folded as
 * the embedded index folds it ({@link #indexed}), the dates in the embedded index's string forms, the words of the
 * body for the history search, and the lexemes of the two GIN prefilters (trigrams of body and header section,
 * words); when they would not fit a tsvector a row gets the lexeme {@link TsQueries#EVERY_ROW} alone instead, which
 * every prefilter query accepts (the row is then checked by its text alone).
 */
record TextRow(String mailboxKey, long uid, String arrivalMs, String arrivalSecond, String savedMs, long size,
               String sentDay, String body, String headerText, String[] headerNames, String[] headerNamesOfValues,
               String[] headerValues,
               String[] addressNames, String[] addressValues, String words, String[] grams, String[] wordLexemes,
               SortKeys keys) {
    /** Word lexemes keep this many characters (a tsvector lexeme has at most 2047 bytes). */
    static final int LEXEME_CODE_POINTS = 64;
    /** Lexemes beyond this many bytes in all do not fit PostgreSQL's 1 MB tsvector: no prefilter for that row. */
    private static final int MAX_LEXEME_BYTES = 900_000;

    static TextRow of(TextEntry entry) {
        String body = indexed(entry.body());
        String headerText = indexed(entry.headerText());
        List<String> valueNames = new ArrayList<>();
        List<String> headerValues = new ArrayList<>();
        entry.valuesByName().forEach((name, value) -> {
            valueNames.add(clean(name));
            headerValues.add(indexed(value));
        });
        List<String> addressNames = new ArrayList<>();
        List<String> addressValues = new ArrayList<>();
        entry.addresses().forEach((name, value) -> {
            addressNames.add(name);
            addressValues.add(indexed(value));
        });
        List<String> words = WordTokenizer.words(truncated(entry.body()));
        Set<String> grams = new LinkedHashSet<>();
        TrigramTokenizer.trigrams(body).forEach(gram -> grams.add("b" + gram));
        TrigramTokenizer.trigrams(headerText).forEach(gram -> grams.add("h" + gram));
        Set<String> lexemes = new LinkedHashSet<>();
        words.forEach(word -> lexemes.add(lexeme(word)));
        return new TextRow(TextDocuments.key(entry.mailboxId()), entry.uid().asLong(), millisecond(entry.arrival()),
            DateTools.dateToString(entry.arrival(), DateTools.Resolution.SECOND),
            entry.saved().map(TextRow::millisecond).orElse(null), entry.size(),
            entry.sentDay().map(DateTimeFormatter.BASIC_ISO_DATE::format).orElse(null),
            body, headerText, entry.headerNames().stream().map(TextRow::clean).toArray(String[]::new),
            valueNames.toArray(String[]::new), headerValues.toArray(String[]::new), addressNames.toArray(String[]::new),
            addressValues.toArray(String[]::new),
            " " + String.join(" ", words) + " ", fitting(grams), fitting(lexemes), entry.sortKeys());
    }

    /**
     * A field's text as the embedded index reads it ({@link TrigramTokenizer}: at most its first
     * {@link TrigramTokenizer#MAX_CHARS} characters, the end mark replaced by a space, {@link TextFolding}), with NUL
     * (which PostgreSQL text cannot hold) as U+FFFD.
     */
    static String indexed(String text) {
        return clean(TextFolding.fold(truncated(text).replace(TrigramTokenizer.END, ' ')));
    }

    /** NUL as U+FFFD, for text PostgreSQL stores. */
    static String clean(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }

    /** A word as its lexeme: its first {@link #LEXEME_CODE_POINTS} characters. */
    static String lexeme(String word) {
        return word.codePointCount(0, word.length()) <= LEXEME_CODE_POINTS ? word
            : word.substring(0, word.offsetByCodePoints(0, LEXEME_CODE_POINTS));
    }

    private static String truncated(String text) {
        return text.length() <= TrigramTokenizer.MAX_CHARS ? text : text.substring(0, TrigramTokenizer.MAX_CHARS);
    }

    private static String millisecond(Date date) {
        return DateTools.dateToString(date, DateTools.Resolution.MILLISECOND);
    }

    private static String[] fitting(Set<String> lexemes) {
        long bytes = 0;
        for (String lexeme : lexemes) {
            bytes += lexeme.getBytes(StandardCharsets.UTF_8).length + 8L;
            if (bytes > MAX_LEXEME_BYTES) {
                return new String[] {TsQueries.EVERY_ROW};
            }
        }
        return lexemes.toArray(String[]::new);
    }
}
