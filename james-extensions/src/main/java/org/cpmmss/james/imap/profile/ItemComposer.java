package org.cpmmss.james.imap.profile;

import java.io.IOException;

import org.apache.james.imap.encode.ImapResponseComposer;

/**
 * Lets James's own FETCH encoder write one item of a response into a FETCH line we frame ourselves: drops the
 * frame it writes ({@code * n FETCH (} … {@code )} CRLF) and passes the item through untouched.
 */
final class ItemComposer extends ForwardingComposer {
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
    public ImapResponseComposer end() throws IOException {
        if (closed) {
            return this;
        }
        return super.end();
    }
}
