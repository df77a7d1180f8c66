package org.cpmmss.james.imap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Random;

import javax.mail.Flags;

import org.apache.james.imap.encode.ImapResponseComposer;
import org.apache.james.imap.encode.ImapResponseWriter;
import org.apache.james.imap.encode.base.ImapResponseComposerImpl;
import org.apache.james.imap.message.Literal;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.mailbox.MessageSequenceNumber;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.cpmmss.james.imap.fetch.InMemoryLiteral;
import org.junit.jupiter.api.Test;

/**
 * The FETCH lines of the sync's items (UID, FLAGS, MODSEQ, INTERNALDATE, RFC822.SIZE, body sections), written straight
 * into the line, are byte for byte those of the item-by-item path through James's encoder: random item sets,
 * requested orders (with unknown and absent items, sections named several ways), UID first or not, keywords and
 * {@code \Recent}, literals in memory and as streams, with and without the system-flag order composer.
 */
class OrderedFetchPlainTest {
    private static final List<String> NAMES = List.of("UID", "FLAGS", "MODSEQ", "INTERNALDATE", "RFC822.SIZE",
        "BODY.PEEK[HEADER]", "BODY[]", "RFC822.HEADER", "BODY.PEEK[]", "ENVELOPE", "X-UNKNOWN");

    private static final class Recording implements ImapResponseWriter {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(Literal literal) throws IOException {
            try (InputStream in = literal.getInputStream()) {
                bytes.write(in.readAllBytes());
            }
        }

        @Override
        public void write(byte[] buffer) {
            bytes.writeBytes(buffer);
        }
    }

    private record Section(String name, byte[] bytes, boolean inMemory) implements FetchResponse.BodyElement, InMemoryLiteral {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public List<byte[]> parts() {
            return List.of(bytes);
        }
    }

    /** A section that is not in memory: written through its stream. */
    private record StreamSection(String name, byte[] bytes) implements FetchResponse.BodyElement {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(bytes);
        }
    }

    private static String encode(OrderedFetchResponse response, boolean plainPath, boolean systemOrder)
        throws IOException {
        Recording writer = new Recording();
        ImapResponseComposerImpl base = new ImapResponseComposerImpl(writer);
        ImapResponseComposer composer = systemOrder ? new SystemFlagOrderComposer(base) : base;
        OrderedFetchEncoder encoder = new OrderedFetchEncoder();
        if (plainPath) {
            encoder.encode(response, composer);
            encoder.encode(response, composer); // the second time with the request's slots known
        } else {
            encoder.encodeItemByItem(response, composer);
            encoder.encodeItemByItem(response, composer);
        }
        base.flush();
        return writer.bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void plainLinesAreThoseOfTheItemByItemPath() throws IOException {
        Random random = new Random(26);
        for (int i = 0; i < 3000; i++) {
            Flags flags = null;
            if (random.nextBoolean()) {
                flags = new Flags();
                for (Flags.Flag flag : new Flags.Flag[] {Flags.Flag.SEEN, Flags.Flag.RECENT, Flags.Flag.FLAGGED,
                    Flags.Flag.ANSWERED, Flags.Flag.DRAFT, Flags.Flag.DELETED}) {
                    if (random.nextInt(3) == 0) {
                        flags.add(flag);
                    }
                }
                for (int k = random.nextInt(3); k > 0; k--) {
                    flags.add("$kw" + random.nextInt(5));
                }
            }
            List<FetchResponse.BodyElement> elements = new ArrayList<>();
            for (int k = random.nextInt(3); k > 0; k--) {
                byte[] bytes = ("Subject: " + i + "\r\n\r\n" + "x".repeat(random.nextInt(300))).getBytes(StandardCharsets.US_ASCII);
                String name = random.nextBoolean() ? "BODY[HEADER]" : "BODY[]";
                if (random.nextInt(4) == 0) {
                    bytes = new byte[0];
                }
                elements.add(random.nextBoolean() ? new Section(name, bytes, true) : new StreamSection(name, bytes));
            }
            FetchResponse response = new FetchResponse(MessageSequenceNumber.of(1 + random.nextInt(20000)), flags,
                random.nextBoolean() ? MessageUid.of(1 + random.nextInt(1_000_000)) : null, null,
                random.nextBoolean() ? ModSeq.of(1 + random.nextInt(1_000_000)) : null,
                random.nextBoolean() ? new Date(1_700_000_000_000L + random.nextInt(1_000_000_000)) : null,
                random.nextBoolean() ? (long) random.nextInt(100_000) : null, null, null, null,
                elements.isEmpty() && random.nextBoolean() ? null : elements, null, null);
            List<String> requested = new ArrayList<>(NAMES);
            Collections.shuffle(requested, random);
            requested = List.copyOf(requested.subList(0, random.nextInt(requested.size() + 1)));
            OrderedFetchResponse ordered = new OrderedFetchResponse(response, requested, random.nextBoolean());
            boolean systemOrder = random.nextBoolean();

            assertThat(encode(ordered, true, systemOrder)).as("case %d: %s", i, requested)
                .isEqualTo(encode(ordered, false, systemOrder));
        }
    }
}
