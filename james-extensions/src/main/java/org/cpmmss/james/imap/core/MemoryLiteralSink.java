package org.cpmmss.james.imap.core;

import org.apache.james.imap.message.BytesBackedLiteral;
import org.apache.james.imap.message.Literal;

import io.netty.buffer.ByteBuf;

/** A literal small enough to be held in memory, in one array of exactly its announced size. */
final class MemoryLiteralSink implements LiteralSink {
    private final byte[] content;
    private int filled;

    MemoryLiteralSink(int size) {
        this.content = new byte[size];
    }

    @Override
    public void write(ByteBuf in, int length) {
        in.readBytes(content, filled, length);
        filled += length;
    }

    @Override
    public Literal finish() {
        return BytesBackedLiteral.of(content);
    }

    @Override
    public void discard() {
        filled = 0;
    }
}
