package org.cpmmss.james.search.text;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Splits a field's text, folded by {@link TextFolding}, into every overlapping sequence of three characters
 * (code points), one position apart, the text followed by two {@link #END} marks.
 *
 * <p>A string of three or more characters occurs in the text exactly when its own trigrams occur at consecutive
 * positions (a phrase of trigrams); a string of one or two characters occurs when some trigram starts with it,
 * the end marks giving the last characters of the text trigrams of their own. That is RFC 3501's substring
 * search over whole header values and bodies, across word boundaries, with no notion of words. The end mark
 * never occurs in a search string, so a match never spans two values of one field.</p>
 */
public final class TrigramTokenizer extends Tokenizer {
    /** Follows the text twice; never part of a search string. */
    public static final char END = '\u0001';
    /** Text beyond this many characters of one field is not indexed (a bound on index size per message). */
    public static final int MAX_CHARS = 4 * 1024 * 1024;

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final boolean distinct;
    private int[] codePoints;
    private int next;
    /** With {@link #distinct}: the trigrams given so far, each packed into a long (open addressing, 0 = empty). */
    private long[] given;
    private int givenCount;
    /** The most trigrams remembered for {@link #distinct} (8 MB); past half of it, repeats are given again (harmless). */
    private static final int MAX_GIVEN = 1 << 20;

    /** Every trigram at every position (fields with positions: a substring is a phrase of trigrams). */
    public TrigramTokenizer(Reader input) {
        this(input, false);
    }

    /**
     * With {@code distinct}, each trigram of the text once, at its first position: for the fields indexed without
     * frequencies or positions (the body and the whole header section), where a repeat adds nothing to the index but
     * its cost (a term-hash look-up per occurrence).
     */
    public TrigramTokenizer(Reader input, boolean distinct) {
        super(input);
        this.distinct = distinct;
    }

    /** The trigrams of an already folded string, in order, without end marks. */
    public static List<String> trigrams(String folded) {
        int[] cps = folded.codePoints().toArray();
        List<String> grams = new ArrayList<>();
        for (int i = 0; i + 3 <= cps.length; i++) {
            grams.add(new String(cps, i, 3));
        }
        return grams;
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (codePoints == null) {
            codePoints = (TextFolding.fold(readAll(input).replace(END, ' ')) + END + END).codePoints().toArray();
            next = 0;
            given = distinct ? new long[Math.min(MAX_GIVEN, Integer.highestOneBit(Math.max(codePoints.length, 8)) * 4)]
                : null;
            givenCount = 0;
        }
        while (next + 3 <= codePoints.length) {
            int at = next++;
            if (distinct && !firstTime(codePoints[at], codePoints[at + 1], codePoints[at + 2])) {
                continue;
            }
            clearAttributes();
            term.setEmpty();
            for (int i = at; i < at + 3; i++) {
                int cp = codePoints[i];
                if (Character.isBmpCodePoint(cp)) {
                    term.append((char) cp);
                } else {
                    term.append(Character.highSurrogate(cp)).append(Character.lowSurrogate(cp));
                }
            }
            return true;
        }
        return false;
    }

    /** Records the trigram; false when it was given before. Code points take 21 bits: three fit a long, never 0. */
    private boolean firstTime(int a, int b, int c) {
        if (givenCount >= given.length / 2) {
            return true;
        }
        long key = ((long) a << 42 | (long) b << 21 | c) + 1;
        int mask = given.length - 1;
        // Fibonacci hashing: the product's high bits depend on every bit of the key
        int slot = (int) (key * 0x9E3779B97F4A7C15L >>> 40) & mask;
        while (given[slot] != 0) {
            if (given[slot] == key) {
                return false;
            }
            slot = slot + 1 & mask;
        }
        given[slot] = key;
        givenCount++;
        return true;
    }

    private static String readAll(Reader reader) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        int n;
        while ((n = reader.read(buffer)) > 0 && text.length() < MAX_CHARS) {
            text.append(buffer, 0, Math.min(n, MAX_CHARS - text.length()));
        }
        return text.toString();
    }

    @Override
    public void reset(Reader input) throws IOException {
        super.reset(input);
        codePoints = null;
        given = null;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        codePoints = null;
        given = null;
    }
}
