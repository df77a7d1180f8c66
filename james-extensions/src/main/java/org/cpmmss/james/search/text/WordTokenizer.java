package org.cpmmss.james.search.text;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Splits a field's text, folded by {@link TextFolding}, into words for the HTTP history search: runs of letters,
 * digits and combining marks of any script ("café" → "cafe", "naïve", "Привет", "नमस्ते" stay whole words); each
 * Han ideograph, Hiragana and Katakana character is a word of its own, since those scripts do not separate
 * words with spaces (a search for several of them is a phrase of single characters).
 */
public final class WordTokenizer extends Tokenizer {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private List<String> words;
    private int next;

    public WordTokenizer(Reader input) {
        super(input);
    }

    /** The words of a text, folded. */
    public static List<String> words(String text) {
        String folded = TextFolding.fold(text);
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            if (singleCharacterWord(cp)) {
                flush(word, words);
                words.add(new String(Character.toChars(cp)));
            } else if (Character.isLetterOrDigit(cp) || isMark(cp)) {
                word.appendCodePoint(cp);
            } else {
                flush(word, words);
            }
        }
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
            || type == Character.ENCLOSING_MARK;
    }

    private static boolean singleCharacterWord(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
            || script == Character.UnicodeScript.KATAKANA;
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (words == null) {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[8192];
            int n;
            while ((n = input.read(buffer)) > 0 && text.length() < TrigramTokenizer.MAX_CHARS) {
                text.append(buffer, 0, n);
            }
            words = words(text.toString());
            next = 0;
        }
        if (next >= words.size()) {
            return false;
        }
        clearAttributes();
        term.setEmpty().append(words.get(next++));
        return true;
    }

    @Override
    public void reset(Reader input) throws IOException {
        super.reset(input);
        words = null;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        words = null;
    }
}
