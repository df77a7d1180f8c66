package org.cpmmss.james.imap.profile;

import java.io.IOException;

import org.apache.commons.lang3.tuple.ImmutablePair;
import org.apache.james.imap.decode.DecodingException;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.message.Literal;
import org.cpmmss.james.plumbing.JamesInternals;

/**
 * A line reader that hands every call to the server's own reader and remembers the characters the parser
 * consumed, so that the order in which a client named FETCH or STATUS items can be recovered after James has
 * parsed them into unordered sets. Literals are consumed by the server's reader and not recorded.
 */
final class RecordingLineReader extends ImapRequestLineReader {
    private final ImapRequestLineReader delegate;
    private final StringBuilder recorded = new StringBuilder();

    RecordingLineReader(ImapRequestLineReader delegate) {
        this.delegate = delegate;
    }

    String recorded() {
        return recorded.toString();
    }

    @Override
    public char nextChar() throws DecodingException {
        return delegate.nextChar();
    }

    @Override
    public char consume() throws DecodingException {
        char consumed = delegate.consume();
        recorded.append(consumed);
        return consumed;
    }

    @Override
    public Literal read(int size, boolean extraCRLF) throws IOException {
        return delegate.read(size, extraCRLF);
    }

    @Override
    public ImmutablePair<Integer, Literal> consumeLiteral(boolean extraCRLF) throws IOException {
        recorded.append("{}");
        return delegate.consumeLiteral(extraCRLF);
    }

    @Override
    protected void commandContinuationRequest() throws DecodingException {
        // Not reached: literals are consumed by the delegate, which asks for continuation itself.
        JamesInternals.requestContinuation(delegate);
    }
}
