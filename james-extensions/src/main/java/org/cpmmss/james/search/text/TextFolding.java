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
 */
public final class TextFolding {
    private TextFolding() {
    }

    public static String fold(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
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
