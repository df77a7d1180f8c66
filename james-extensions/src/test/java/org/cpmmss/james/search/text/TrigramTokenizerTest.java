package org.cpmmss.james.search.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

/**
 * The trigrams of a field's text: every occurrence for the fields with positions, each distinct trigram once for the
 * fields without (the body and the whole header section), code points beyond the BMP kept whole.
 */
class TrigramTokenizerTest {
    private static final char END = TrigramTokenizer.END;

    private static List<String> tokens(String text, boolean distinct) throws IOException {
        TrigramTokenizer tokenizer = new TrigramTokenizer(new StringReader(text), distinct);
        CharTermAttribute term = tokenizer.getAttribute(CharTermAttribute.class);
        List<String> out = new ArrayList<>();
        tokenizer.reset();
        while (tokenizer.incrementToken()) {
            out.add(term.toString());
        }
        tokenizer.close();
        return out;
    }

    @Test
    void everyOccurrenceAtItsPositionWithTheEndMarks() throws IOException {
        assertThat(tokens("abcabc", false))
            .containsExactly("abc", "bca", "cab", "abc", "bc" + END, "c" + END + END);
    }

    @Test
    void distinctGivesEachTrigramOnceInOrderOfFirstOccurrence() throws IOException {
        assertThat(tokens("abcabc", true)).containsExactly("abc", "bca", "cab", "bc" + END, "c" + END + END);
        assertThat(tokens("aaaaaaaa", true)).containsExactly("aaa", "aa" + END, "a" + END + END);
    }

    @Test
    void distinctGivesTheSameSetAsEveryOccurrence() throws IOException {
        String text = "the cat sat on the mat with the hat, the cat sat";
        assertThat(tokens(text, true)).doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(new java.util.LinkedHashSet<>(tokens(text, false)));
    }

    @Test
    void aCodePointBeyondTheBmpIsOneCharacterOfATrigram() throws IOException {
        String smile = new String(Character.toChars(0x1F600));
        assertThat(tokens("a" + smile + "b", false)).containsExactly("a" + smile + "b", smile + "b" + END,
            "b" + END + END);
        assertThat(tokens("a" + smile + "b", true)).containsExactly("a" + smile + "b", smile + "b" + END,
            "b" + END + END);
    }

    @Test
    void theTokenizerIsReusableAfterReset() throws IOException {
        TrigramTokenizer tokenizer = new TrigramTokenizer(new StringReader("abab"), true);
        CharTermAttribute term = tokenizer.getAttribute(CharTermAttribute.class);
        tokenizer.reset();
        List<String> first = new ArrayList<>();
        while (tokenizer.incrementToken()) {
            first.add(term.toString());
        }
        tokenizer.reset(new StringReader("abab"));
        List<String> second = new ArrayList<>();
        while (tokenizer.incrementToken()) {
            second.add(term.toString());
        }
        assertThat(second).isEqualTo(first).containsExactly("aba", "bab", "ab" + END, "b" + END + END);
    }
}
