package org.cpmmss.james.imap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.imap.encode.ImapResponseWriter;
import org.apache.james.imap.encode.base.ImapResponseComposerImpl;
import org.apache.james.imap.message.Literal;
import org.junit.jupiter.api.Test;

/**
 * A FETCH literal written through the profile's item composer stays in the response buffer: the whole response,
 * literal included, reaches the channel in one ordered stream of byte writes, never as a separate literal write
 * that the channel could send after the tail of the response (seen with James's own path: the tagged OK before
 * the literal, once in 10,000-30,000 FETCHes; bench/imap-profile/fetch-order-check.py).
 */
class FetchLiteralFramingTest {
    /** Records what James's composer hands to the channel, in order; flushes the composer before a literal, as James's channel writer does. */
    private static final class RecordingWriter implements ImapResponseWriter {
        private final List<String> calls = new ArrayList<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private ImapResponseComposerImpl composer;

        @Override
        public void write(Literal literal) throws IOException {
            composer.flush();
            calls.add("literal");
            try (InputStream in = literal.getInputStream()) {
                bytes.write(in.readAllBytes());
            }
        }

        @Override
        public void write(byte[] buffer) {
            calls.add("bytes");
            bytes.writeBytes(buffer);
        }
    }

    private static Literal literal(byte[] content) {
        return new Literal() {
            @Override
            public long size() {
                return content.length;
            }

            @Override
            public InputStream getInputStream() {
                return new ByteArrayInputStream(content);
            }
        };
    }

    private static String fetchLine(RecordingWriter writer, byte[] body) throws IOException {
        ImapResponseComposerImpl composer = new ImapResponseComposerImpl(writer);
        writer.composer = composer;
        composer.untagged().message(7).message("FETCH".getBytes(StandardCharsets.US_ASCII)).openParen();
        ItemComposer item = new ItemComposer(composer);
        item.untagged().message(7).message("FETCH".getBytes(StandardCharsets.US_ASCII)).openParen();
        item.message("BODY[]").literal(literal(body));
        item.closeParen().end();
        composer.closeParen().end();
        composer.flush();
        return writer.bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aChatSizedLiteralIsWrittenInsideTheResponseBuffer() throws IOException {
        byte[] body = ("Subject: x\r\n\r\n" + "y".repeat(20_000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        RecordingWriter writer = new RecordingWriter();

        String wire = fetchLine(writer, body);

        assertThat(writer.calls).doesNotContain("literal");
        assertThat(wire).isEqualTo("* 7 FETCH (BODY[] {" + body.length + "}\r\n"
            + new String(body, StandardCharsets.ISO_8859_1) + ")\r\n");
    }

    @Test
    void anEmptyLiteralIsFramedAsZeroBytes() throws IOException {
        RecordingWriter writer = new RecordingWriter();

        assertThat(fetchLine(writer, new byte[0])).isEqualTo("* 7 FETCH (BODY[] {0}\r\n)\r\n");
        assertThat(writer.calls).doesNotContain("literal");
    }

    @Test
    void aLiteralAboveTheInlineLimitKeepsJamesStreamingWrite() throws IOException {
        byte[] body = new byte[ItemComposer.INLINE_LITERAL_LIMIT + 1];
        RecordingWriter writer = new RecordingWriter();

        String wire = fetchLine(writer, body);

        assertThat(writer.calls).contains("literal");
        assertThat(wire).startsWith("* 7 FETCH (BODY[] {" + body.length + "}\r\n").endsWith(")\r\n")
            .hasSize(("* 7 FETCH (BODY[] {" + body.length + "}\r\n)\r\n").length() + body.length);
    }
}
