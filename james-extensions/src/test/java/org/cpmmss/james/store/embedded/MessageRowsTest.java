package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.cpmmss.james.store.api.BlobAddress;
import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.MimeProperty;
import org.cpmmss.james.store.api.MimeSummary;
import org.cpmmss.james.store.api.StoredMessage;
import org.junit.jupiter.api.Test;

/**
 * The MIME properties column of a message row reads back what was written, and odd text as before (split-based); a
 * listing's second pass merges each message with its flags row.
 */
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
    void aListingGetsEachMessagesFlagsRowAndLeavesOutAMessageWhoseRowIsGone() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:flags-merge");
             Statement s = c.createStatement()) {
            s.execute(MessageFlagsSplit.TABLE);
            s.execute("INSERT INTO message_flags VALUES (7, 1, 11, 32, ''), (7, 3, 13, 0, '$label1'), (7, 4, 14, 0, ''),"
                + " (8, 2, 99, 0, '')");
            List<StoredMessage> listed = List.of(row(1), row(2), row(3));
            try (PreparedStatement q = c.prepareStatement(MessageRows.FLAGS_IN_RANGE)) {
                q.setLong(1, 7);
                q.setLong(2, 1);
                q.setLong(3, 3);
                List<StoredMessage> merged = MessageRows.withFlags(listed, q, 0);

                assertThat(merged).extracting(StoredMessage::uid).containsExactly(1L, 3L);
                assertThat(merged).extracting(StoredMessage::modSeq).containsExactly(11L, 13L);
                assertThat(merged).extracting(StoredMessage::flags).containsExactly(
                    FlagState.NONE.with(FlagState.SEEN), FlagState.of(0, List.of("$label1")));
                assertThat(merged.get(1).body()).isEqualTo(listed.get(2).body());
            }
        }
    }

    private static StoredMessage row(long uid) {
        return new StoredMessage(7, uid, 0, FlagState.NONE, 1L, 2L, "", "", new MimeSummary("text", "plain", 1L,
            List.of()), new BlobAddress(uid * 2, 1, uid * 100, 10), new BlobAddress(uid * 2 + 1, 1, uid * 100 + 10, 20));
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
