package org.cpmmss.james.search.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The body check's comparison ({@link TextQueries#occursIn}) is the definition the trigram phrase gives: the folded
 * search string within the folded text (end mark read as a space). Its one-pass path for ASCII text gives the answer of
 * folding the whole text, on random texts and strings of ASCII letters, the end mark and a few non-ASCII characters
 * (which send the text down the folding path: "ß" folds to "ss", "é" to "e", a combining accent vanishes).
 */
class OccursInTest {
    private static final String ALPHABET = "aAbBcC xX.\u0001";
    private static final String[] NON_ASCII = {"\u00df", "\u00e9", "e\u0301", "\ufb01", "\u00c6"};

    private static boolean byFolding(String text, String value) {
        return TextFolding.fold(text.replace(TrigramTokenizer.END, ' ')).contains(TextQueries.searchString(value));
    }

    private static String random(Random random, int length, boolean nonAscii) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (nonAscii && random.nextInt(12) == 0) {
                text.append(NON_ASCII[random.nextInt(NON_ASCII.length)]);
            } else {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
        }
        return text.toString();
    }

    @Test
    void theOnePassAnswerIsTheFoldingAnswer() {
        Random random = new Random(20261206);
        int found = 0;
        for (int i = 0; i < 20_000; i++) {
            String text = random(random, 1 + random.nextInt(40), i % 3 == 0);
            String value = random(random, 1 + random.nextInt(4), i % 5 == 0);
            boolean expected = byFolding(text, value);
            assertThat(TextQueries.occursIn(text, TextQueries.searchString(value))).as("%s in %s", value, text)
                .isEqualTo(expected);
            found += expected ? 1 : 0;
        }
        assertThat(found).as("both answers occur").isBetween(2_000, 18_000);
    }

    @Test
    void examples() {
        assertThat(TextQueries.occursIn("See You At The LightHouse", TextQueries.searchString("ouse"))).isTrue();
        assertThat(TextQueries.occursIn("abc xbcd", TextQueries.searchString("abcd"))).isFalse();
        assertThat(TextQueries.occursIn("a\u0001b", TextQueries.searchString("a b"))).isTrue();
        assertThat(TextQueries.occursIn("Stra\u00dfe", TextQueries.searchString("STRASSE"))).isTrue();
        assertThat(TextQueries.occursIn("caf\u00e9 au lait", TextQueries.searchString("cafe au"))).isTrue();
        assertThat(TextQueries.occursIn("plain", TextQueries.searchString("pl\u00e4"))).isTrue();
        assertThat(TextQueries.occursIn("", TextQueries.searchString("a"))).isFalse();
    }
}
