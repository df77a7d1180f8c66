package org.cpmmss.cpm.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.cpmmss.cpm.CpmFormatException;

/**
 * A parsed block of header lines ending with an empty line (CRLF or bare LF line ends), as found at the
 * top of a MIME entity or of a message/cpim body. Keeps the byte range of every field so that callers can
 * rewrite one field and leave every other byte untouched.
 */
public final class HeaderBlock {
    private final List<HeaderField> fields;
    private final int[] fieldStart;
    private final int[] fieldEnd;
    private final int end;
    private final boolean terminated;

    private HeaderBlock(List<HeaderField> fields, int[] fieldStart, int[] fieldEnd, int end, boolean terminated) {
        this.fields = Collections.unmodifiableList(fields);
        this.fieldStart = fieldStart;
        this.fieldEnd = fieldEnd;
        this.end = end;
        this.terminated = terminated;
    }

    public List<HeaderField> fields() {
        return fields;
    }

    /** Offset just after the empty line ending the block (= start of what follows). */
    public int end() {
        return end;
    }

    /** False when the input ended before the empty line closing the block. */
    public boolean terminated() {
        return terminated;
    }

    /** Byte offset where field {@code i} starts (its name). */
    public int fieldStart(int i) {
        return fieldStart[i];
    }

    /** Byte offset just after the line terminator of field {@code i} (continuation lines included). */
    public int fieldEnd(int i) {
        return fieldEnd[i];
    }

    public Optional<String> first(String name) {
        return fields.stream().filter(f -> f.is(name)).map(HeaderField::value).findFirst();
    }

    public List<String> all(String name) {
        return fields.stream().filter(f -> f.is(name)).map(HeaderField::value).toList();
    }

    /**
     * Parses header lines from {@code offset}. A line starting with space or tab continues the previous
     * field. A line without a colon, or with an invalid field name, is a format error.
     *
     * @param allowUnterminated accept the end of input in place of the closing empty line
     */
    public static HeaderBlock parse(byte[] data, int offset, MimeLimits limits, boolean allowUnterminated, String what)
            throws CpmFormatException {
        List<HeaderField> fields = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        int pos = offset;
        StringBuilder currentValue = null;
        String currentName = null;
        int currentStart = -1;
        while (true) {
            if (pos - offset > limits.maxHeaderBlockBytes()) {
                throw new CpmFormatException(what + ": header block larger than " + limits.maxHeaderBlockBytes() + " bytes");
            }
            if (pos >= data.length) {
                if (!allowUnterminated) {
                    throw new CpmFormatException(what + ": header block not terminated by an empty line");
                }
                if (currentName != null) {
                    fields.add(new HeaderField(currentName, currentValue.toString().trim()));
                    ranges.add(new int[] {currentStart, pos});
                }
                return build(fields, ranges, pos, false);
            }
            int lineEnd = indexOf(data, (byte) '\n', pos);
            int next = lineEnd < 0 ? data.length : lineEnd + 1;
            int contentEnd = lineEnd < 0 ? data.length : lineEnd;
            if (contentEnd > pos && data[contentEnd - 1] == '\r') {
                contentEnd--;
            }
            if (contentEnd == pos) {
                if (lineEnd < 0 && !allowUnterminated) {
                    throw new CpmFormatException(what + ": header block not terminated by an empty line");
                }
                if (currentName != null) {
                    fields.add(new HeaderField(currentName, currentValue.toString().trim()));
                    ranges.add(new int[] {currentStart, pos});
                }
                return build(fields, ranges, next, true);
            }
            String line = new String(data, pos, contentEnd - pos, StandardCharsets.UTF_8);
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                if (currentName == null) {
                    throw new CpmFormatException(what + ": continuation line without a header field");
                }
                currentValue.append(' ').append(line.trim());
            } else {
                if (currentName != null) {
                    fields.add(new HeaderField(currentName, currentValue.toString().trim()));
                    ranges.add(new int[] {currentStart, pos});
                    if (fields.size() >= limits.maxHeaders()) {
                        throw new CpmFormatException(what + ": more than " + limits.maxHeaders() + " header fields");
                    }
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new CpmFormatException(what + ": malformed header line \"" + shorten(line) + "\"");
                }
                String name = line.substring(0, colon);
                for (int i = 0; i < name.length(); i++) {
                    char c = name.charAt(i);
                    if (c <= 32 || c >= 127) {
                        throw new CpmFormatException(what + ": invalid header field name \"" + shorten(name) + "\"");
                    }
                }
                currentName = name;
                currentValue = new StringBuilder(line.substring(colon + 1));
                currentStart = pos;
            }
            pos = next;
        }
    }

    private static HeaderBlock build(List<HeaderField> fields, List<int[]> ranges, int end, boolean terminated) {
        int[] s = new int[ranges.size()];
        int[] e = new int[ranges.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = ranges.get(i)[0];
            e[i] = ranges.get(i)[1];
        }
        return new HeaderBlock(new ArrayList<>(fields), s, e, end, terminated);
    }

    static int indexOf(byte[] data, byte b, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static String shorten(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        StringBuilder b = new StringBuilder();
        for (char c : t.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
