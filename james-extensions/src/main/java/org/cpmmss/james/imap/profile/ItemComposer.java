package org.cpmmss.james.imap.profile;

import java.io.IOException;

import org.apache.james.imap.encode.ImapResponseComposer;
import org.apache.james.imap.message.Literal;
import org.cpmmss.james.imap.fetch.InMemoryLiteral;

/**
 * Lets James's own FETCH encoder write one item of a response into a FETCH line we frame ourselves: drops the
 * frame it writes ({@code * n FETCH (} … {@code )} CRLF) and passes the item through untouched.
 *
 * <p>A literal of up to {@value #INLINE_LITERAL_LIMIT} bytes goes through the composer's buffer like the rest of
 * the line instead of James's separate channel write: with that write, the tail of the response and the tagged
 * OK were now and then sent before the literal (1 FETCH in 10,000-30,000 under two concurrent clients,
 * bench/imap-profile/fetch-order-check.py), which desynchronises every client. A literal already in memory
 * ({@link InMemoryLiteral}: the stored path's message bytes) is written from its arrays, without reading it through
 * a stream first.
 */
final class ItemComposer extends ForwardingComposer {
    static final int INLINE_LITERAL_LIMIT = 1024 * 1024;

    private int prefixCalls;
    private int depth;
    private boolean closed;

    ItemComposer(ImapResponseComposer delegate) {
        super(delegate);
    }

    @Override
    public ImapResponseComposer untagged() {
        prefixCalls++;
        return this;
    }

    @Override
    public ImapResponseComposer message(long number) throws IOException {
        if (prefixCalls == 1) {
            prefixCalls++;
            return this;
        }
        return super.message(number);
    }

    @Override
    public ImapResponseComposer message(byte[] message) throws IOException {
        if (prefixCalls == 2) {
            prefixCalls++;
            return this;
        }
        return super.message(message);
    }

    @Override
    public ImapResponseComposer openParen() throws IOException {
        if (prefixCalls == 3) {
            prefixCalls++;
            depth = 1;
            return this;
        }
        depth++;
        return super.openParen();
    }

    @Override
    public ImapResponseComposer closeParen() throws IOException {
        depth--;
        if (depth == 0) {
            closed = true;
            return this;
        }
        return super.closeParen();
    }

    @Override
    public ImapResponseComposer literal(Literal literal) throws IOException {
        literal(delegate, literal);
        return this;
    }

    /** A literal item written into {@code composer}'s line as {@link #literal(Literal)} writes it. */
    static void literal(ImapResponseComposer composer, Literal literal) throws IOException {
        if (literal.size() > INLINE_LITERAL_LIMIT) {
            composer.literal(literal);
            return;
        }
        if (literal instanceof InMemoryLiteral inMemory) {
            // the same bytes as below, each array written as it is (no stream, no copy into one array first)
            composer.message("{" + literal.size() + "}");
            composer.end();
            for (byte[] part : inMemory.parts()) {
                composer.skipNextSpace();
                composer.message(part);
            }
            return;
        }
        byte[] bytes;
        try (var in = literal.getInputStream()) {
            bytes = in.readAllBytes();
        }
        composer.message("{" + bytes.length + "}");
        composer.end();
        composer.skipNextSpace();
        composer.message(bytes);
    }

    @Override
    public ImapResponseComposer end() throws IOException {
        if (closed) {
            return this;
        }
        return super.end();
    }
}
