package org.cpmmss.james.search.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link TextFolding}: the ASCII short path (issue 27: folding was a tenth of the ingestion CPU) gives exactly what
 * the full Unicode folding gives, for every ASCII character, and text outside ASCII still takes the full path.
 */
class TextFoldingTest {
    @Test
    void everyAsciiCharacterFoldsAsTheFullPathFoldsIt() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            String one = String.valueOf(c);
            assertThat(TextFolding.fold(one)).as("U+%04X", (int) c).isEqualTo(TextFolding.foldUnicode(one));
            all.append(c);
        }
        assertThat(TextFolding.fold(all.toString())).isEqualTo(TextFolding.foldUnicode(all.toString()));
        assertThat(TextFolding.fold("Hello WORLD, Conversation-ID: AbC-123")).isEqualTo("hello world, conversation-id: abc-123");
    }

    @Test
    void textOutsideAsciiIsStillFoldedForAccentsCaseAndLigatures() {
        assertThat(TextFolding.fold("CAFÉ au lait")).isEqualTo("cafe au lait");
        assertThat(TextFolding.fold("İdée")).isEqualTo("idee");
        assertThat(TextFolding.fold("ﬁne Straße")).isEqualTo("fine strasse");
        assertThat(TextFolding.fold("Ørsted ÆON")).isEqualTo("orsted aeon");
    }
}
