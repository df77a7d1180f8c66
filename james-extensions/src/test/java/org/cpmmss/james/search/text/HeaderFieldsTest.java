package org.cpmmss.james.search.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The check of a SUBJECT, HEADER or address candidate reads the header section with {@link HeaderFields}, decoding
 * only the fields of the searched name: every text it gives must be the one {@link MessageText#parse} (the indexer's
 * extraction) gives for the same message — encoded words, folded lines, repeated and oddly cased names, a line
 * without a colon, an address list with a group, a header section alone or a whole message.
 */
class HeaderFieldsTest {
    private static final List<String> MESSAGES = List.of(
        "Subject: =?UTF-8?Q?caf=C3=A9?= menu\r\nFrom: \"Doe, Jane\" <jane@example.com>\r\nTO: a@example.com,\r\n"
            + " Friends: b@example.com, =?ISO-8859-1?Q?Andr=E9?= <c@example.com>;\r\nX-Tag: one\r\nx-tag: two\r\n"
            + "Conversation-ID: f81d4fae-7dec-11d0-a765-00a0c91e6bf6\r\n\r\nbody Subject: not a header\r\n",
        "Subject: first\r\n  folded\tline\r\nno colon here\r\nSubject: Second\r\nCc:\r\n\r\n",
        "From: tel:+33600000001\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nSubject: inner\r\n\r\nx\r\n--b--\r\n",
        "Subject: header section alone, no blank line\r\n",
        "");

    private static MessageText indexed(String message) throws Exception {
        return MessageText.parse(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyFieldDecodedIsWhatTheIndexerExtracts() throws Exception {
        for (String message : MESSAGES) {
            MessageText whole = indexed(message);
            MessageText checked = HeaderFields.parse(message.getBytes(StandardCharsets.UTF_8)).all();
            assertThat(checked.headers()).as(message).isEqualTo(whole.headers());
            assertThat(checked.rawHeaders()).as(message).isEqualTo(whole.rawHeaders());
            assertThat(checked.headerText()).as(message).isEqualTo(whole.headerText());
        }
    }

    @Test
    void oneNameDecodedGivesTheIndexersValuesAndAddressTexts() throws Exception {
        for (String message : MESSAGES) {
            MessageText whole = indexed(message);
            HeaderFields fields = HeaderFields.parse(message.getBytes(StandardCharsets.UTF_8));
            for (String name : List.of("Subject", "subject", "From", "To", "Cc", "X-Tag", "Conversation-ID", "Missing")) {
                String key = name.toLowerCase(java.util.Locale.ROOT);
                assertThat(fields.named(name).valuesByName().get(key)).as(message + " " + name)
                    .isEqualTo(whole.valuesByName().get(key));
                assertThat(fields.named(name).addresses(name)).as(message + " " + name).isEqualTo(whole.addresses(name));
            }
        }
        // the top-level header only: a body part's Subject is body text
        assertThat(HeaderFields.parse(MESSAGES.get(2).getBytes(StandardCharsets.UTF_8)).named("Subject").headers()).isEmpty();
        assertThat(HeaderFields.parse(MESSAGES.get(0).getBytes(StandardCharsets.UTF_8)).named("x-TAG").valuesByName())
            .containsExactly(java.util.Map.entry("x-tag", "one\ntwo"));
    }
}
