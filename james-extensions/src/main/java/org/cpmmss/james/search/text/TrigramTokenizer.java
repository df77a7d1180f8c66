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
    private int[] codePoints;
    private int next;

    public TrigramTokenizer(Reader input) {
        super(input);
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
        }
        if (next + 3 > codePoints.length) {
            return false;
        }
        clearAttributes();
        term.setEmpty().append(new String(codePoints, next, 3));
        next++;
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
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        codePoints = null;
    }
}
