package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.cpmmss.james.store.api.MimeProperty;
import org.junit.jupiter.api.Test;

/** The MIME properties column of a message row reads back what was written, and odd text as before (split-based). */
class MessageRowsTest {
    @Test
    void propertiesReadBackAsWritten() {
        List<MimeProperty> written = List.of(new MimeProperty("org.apache.james", "charset", "utf-8"),
            new MimeProperty("org.apache.james", "boundary", ""), new MimeProperty("", "", ""),
            new MimeProperty("ns", "name", "a value; with = signs"));
        assertThat(MessageRows.decode(MessageRows.encode(written))).isEqualTo(written);
        assertThat(MessageRows.decode(MessageRows.encode(List.of()))).isEmpty();
        assertThat(MessageRows.decode(null)).isEmpty();
    }

    @Test
    void jamesNamespacesAreWrittenAsOneCharacterAndRowsWrittenWithTheUrisStillRead() {
        List<MimeProperty> plainText = List.of(
            new MimeProperty("http://james.apache.org/rfc2045/Content-Type", "type", "text"),
            new MimeProperty("http://james.apache.org/rfc2045/Content-Type", "subtype", "plain"),
            new MimeProperty("http://james.apache.org/rfc2045", "Content-Transfer-Encoding", "7bit"),
            new MimeProperty("http://james.apache.org/rfc2045/Content-Type/params", "charset", "us-ascii"),
            new MimeProperty("http://james.apache.org/rfc2183Content-Disposition/params", "filename", "a.jpg"),
            new MimeProperty("http://example.com/other", "x", "y"));
        String encoded = MessageRows.encode(plainText);

        assertThat(MessageRows.decode(encoded)).isEqualTo(plainText);
        assertThat(encoded).doesNotContain("james.apache.org").contains("http://example.com/other");
        String asWrittenBefore = "http://james.apache.org/rfc2045/Content-Type\u0000type\u0000text\u0001"
            + "http://james.apache.org/rfc2045\u0000Content-Transfer-Encoding\u00007bit\u0001";
        assertThat(MessageRows.decode(asWrittenBefore)).isEqualTo(List.of(plainText.get(0), plainText.get(2)));
        assertThat(MessageRows.decode("\u001f\u0000n\u0000v\u0001"))
            .isEqualTo(List.of(new MimeProperty("\u001f", "n", "v")));
        assertThat(encoded.chars()).allMatch(c -> c < 0x80);
    }

    @Test
    void oddTextReadsAsTheSplitBasedReaderDid() {
        for (String text : List.of("x", "\u0001", "\u0001\u0001a\u0000b\u0000c\u0001", "a\u0000b\u0000", "a\u0000b",
            "a\u0000b\u0000c\u0000d\u0001e", "a\u0000b\u0000c")) {
            assertThat(MessageRows.decode(text)).as(text.replace('\u0000', '0').replace('\u0001', '1'))
                .isEqualTo(splitBased(text));
        }
    }

    private static List<MimeProperty> splitBased(String text) {
        List<MimeProperty> out = new ArrayList<>();
        for (String record : text.split("\u0001")) {
            String[] f = record.split("\u0000", 3);
            if (f.length == 3) {
                out.add(new MimeProperty(f[0], f[1], f[2]));
            }
        }
        return out;
    }
}
