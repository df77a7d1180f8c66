package org.cpmmss.james.search.text;

import java.text.Normalizer;
import java.util.Locale;

import org.apache.lucene.analysis.ASCIIFoldingFilter;

/**
 * The one normalisation applied to indexed text and to search strings alike, so that matching is
 * case-insensitive and accent-insensitive: "CAFÉ", "café" and "cafe" are the same text, "İdée" finds "idee".
 *
 * <p>Steps: canonical decomposition (NFKD, which also expands compatibility forms such as "ﬁ"); removal of the
 * non-spacing marks that follow a Latin, Greek or Cyrillic letter (accents; the marks of other scripts, such as
 * the Japanese voicing marks or Indic vowel signs, are kept); recomposition (NFC, so Hangul syllables come back
 * whole); lower case (locale-independent); then Lucene's ASCII folding of the remaining Latin letters without a
 * decomposition ("ø" → "o", "ß" → "ss", "æ" → "ae", "ł" → "l"). Other scripts pass unchanged apart from lower
 * case (Cyrillic, Greek) .</p>
 *
 * <p>Text that is all ASCII (most chat text and headers) takes a short path with the same result: no ASCII
 * character has a decomposition or is a mark, and ASCII folding leaves ASCII alone, so only the lower case
 * remains.</p>
 */
public final class TextFolding {
    private TextFolding() {
    }

    public static String fold(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        if (isAscii(text)) {
            return text.toLowerCase(Locale.ROOT);
        }
        return foldUnicode(text);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Every step of the class comment, for any text (the ASCII short path's reference). */
    static String foldUnicode(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        StringBuilder kept = new StringBuilder(decomposed.length());
        Character.UnicodeScript baseScript = Character.UnicodeScript.COMMON;
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.NON_SPACING_MARK) {
                if (accentable(baseScript)) {
                    continue;
                }
            } else {
                baseScript = Character.UnicodeScript.of(cp);
            }
            kept.appendCodePoint(cp);
        }
        String lower = Normalizer.normalize(kept, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        char[] input = lower.toCharArray();
        char[] output = new char[input.length * 4];
        int length = ASCIIFoldingFilter.foldToASCII(input, 0, output, 0, input.length);
        return new String(output, 0, length);
    }

    private static boolean accentable(Character.UnicodeScript script) {
        return script == Character.UnicodeScript.LATIN || script == Character.UnicodeScript.GREEK
            || script == Character.UnicodeScript.CYRILLIC;
    }
}
