package org.cpmmss.james.imap.fetch;

import java.util.List;

import org.apache.james.imap.message.Literal;

/**
 * A literal whose bytes are already in memory, in one or more arrays (a stored message's header and body blobs):
 * the FETCH encoder writes the arrays one after the other instead of first reading them, through a stream, into one
 * more copy. Its {@link #size()} is the sum of their lengths and its stream yields the same bytes.
 */
public interface InMemoryLiteral extends Literal {
    /** The bytes, in order; not to be modified. */
    List<byte[]> parts();
}
