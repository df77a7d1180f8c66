package org.cpmmss.james.imap.core;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.imap.message.Literal;

/**
 * One complete IMAP command as it came off the wire: its lines (each with its CRLF, the ones before a literal
 * ending in the literal's {@code {n}} or {@code {n+}} announcement) and, between them, the literals' contents.
 * A command is framed whole before it is decoded, so a parser never sees half a command.
 */
final class FramedCommand {
    private final List<byte[]> lines;
    private final List<Literal> literals;

    FramedCommand(List<byte[]> lines, List<Literal> literals) {
        this.lines = List.copyOf(lines);
        this.literals = List.copyOf(literals);
        if (lines.size() != literals.size() + 1) {
            throw new IllegalArgumentException("a command has one line more than literals");
        }
    }

    /** Lines and literals alternate: line 0, literal 0, line 1, ..., the last line. */
    List<byte[]> lines() {
        return lines;
    }

    List<Literal> literals() {
        return literals;
    }

    /** The client's tag (first word of the first line), or {@code *} when there is none. */
    String tag() {
        return tagOf(lines.get(0));
    }

    /** The command name (second word of the first line), upper-cased; empty when there is none. */
    String commandName() {
        byte[] first = lines.get(0);
        int tagEnd = tagEnd(first);
        int start = tagEnd == 0 ? 1 : tagEnd; // where tagOf's "*" for a missing tag would end
        if (start >= first.length || first[start] != ' ') {
            return "";
        }
        int end = ++start;
        while (end < first.length && first[end] > ' ' && first[end] < 0x7f) {
            end++;
        }
        return new String(first, start, end - start, StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT);
    }

    static String tagOf(byte[] firstLine) {
        int end = tagEnd(firstLine);
        return end == 0 ? "*" : new String(firstLine, 0, end, StandardCharsets.US_ASCII);
    }

    /** Length of the first word of a line (its printable ASCII octets before a space or control). */
    private static int tagEnd(byte[] firstLine) {
        int end = 0;
        while (end < firstLine.length && firstLine[end] > ' ' && firstLine[end] < 0x7f) {
            end++;
        }
        return end;
    }

    /** Deletes spilled literals; for a command whose decoded request does not own its literals. */
    void release() {
        release(literals);
    }

    static void release(List<Literal> literals) {
        for (Literal literal : literals) {
            if (literal instanceof Closeable) {
                try {
                    ((Closeable) literal).close();
                } catch (IOException e) {
                    // a temporary file that cannot be deleted is left for the start-up clean-up
                }
            }
        }
    }

    /** Collects the parts of a command while it arrives. */
    static final class Builder {
        private final List<byte[]> lines = new ArrayList<>();
        private final List<Literal> literals = new ArrayList<>();

        void line(byte[] line) {
            lines.add(line);
        }

        void literal(Literal literal) {
            literals.add(literal);
        }

        boolean isEmpty() {
            return lines.isEmpty();
        }

        String tag() {
            return lines.isEmpty() ? "*" : tagOf(lines.get(0));
        }

        FramedCommand build() {
            FramedCommand command = new FramedCommand(lines, literals);
            lines.clear();
            literals.clear();
            return command;
        }

        void discard() {
            release(literals);
            lines.clear();
            literals.clear();
        }
    }
}
