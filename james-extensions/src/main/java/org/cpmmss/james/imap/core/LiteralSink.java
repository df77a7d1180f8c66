package org.cpmmss.james.imap.core;

import java.io.IOException;

import org.apache.james.imap.message.Literal;

import io.netty.buffer.ByteBuf;

/**
 * Where the octets of one literal go while they arrive: memory for small literals, a temporary file for large
 * ones ({@link FramingLimits#spills(long)}). The framer writes exactly the announced number of octets, possibly
 * over many reads, then takes the finished {@link Literal}.
 */
interface LiteralSink {
    /** Moves {@code length} readable octets of {@code in} into the literal. */
    void write(ByteBuf in, int length) throws IOException;

    /** The complete literal; called once, after all announced octets were written. */
    Literal finish() throws IOException;

    /** Drops what was received (connection closed mid-literal, or the command is rejected). */
    void discard();
}
