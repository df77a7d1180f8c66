package org.cpmmss.james.imap.core;

import java.io.IOException;
import java.util.List;

import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.decode.DecodingException;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.message.Literal;

/**
 * Hands one {@link FramedCommand} to James's command parsers. Every octet and literal of the command is already
 * here, so nothing blocks or waits for more input, and a parser that runs past the end of the command gets a
 * {@link DecodingException} (answered BAD) instead of eating the next command. The continuation request of a
 * synchronizing literal was sent by the framer when the literal was announced, so it is not sent again here.
 */
final class FramedCommandReader extends ImapRequestLineReader {
    private final List<byte[]> lines;
    private final List<Literal> literals;
    private int line;
    private int position;

    FramedCommandReader(FramedCommand command) {
        this.lines = command.lines();
        this.literals = command.literals();
    }

    @Override
    public char nextChar() throws DecodingException {
        byte[] current = lines.get(line);
        if (position >= current.length) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Unexpected end of command.");
        }
        // the same octet-to-char mapping as James's own readers, which its parsers expect
        return (char) current[position];
    }

    @Override
    public char consume() throws DecodingException {
        char current = nextChar();
        position++;
        return current;
    }

    @Override
    public Literal read(int size, boolean extraCRLF) throws IOException {
        if (position != lines.get(line).length || line >= literals.size()) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "A literal must end its line.");
        }
        Literal literal = literals.get(line);
        if (literal.size() != size) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Literal size does not match its announcement.");
        }
        line++;
        position = 0;
        if (extraCRLF) {
            eol();
        }
        return literal;
    }

    @Override
    protected void commandContinuationRequest() {
        // sent by ImapCommandFramer when the literal was announced
    }
}
