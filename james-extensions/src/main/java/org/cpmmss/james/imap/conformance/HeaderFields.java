package org.cpmmss.james.imap.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The fields of a header block as sent (RFC 5322 2.2): each field's name and its raw bytes, continuation lines and
 * line break included, for BODY[...HEADER.FIELDS (...)] and for reading one field's unfolded value.
 */
final class HeaderFields {
    private final List<Field> fields;

    private HeaderFields(List<Field> fields) {
        this.fields = fields;
    }

    /** Parses the header in {@code data[from, to)}, stopping at the empty line ending it. */
    static HeaderFields parse(byte[] data, int from, int to) {
        List<Field> fields = new ArrayList<>();
        int line = from;
        while (line < to) {
            int lineEnd = line;
            while (lineEnd < to && data[lineEnd] != '\n') {
                lineEnd++;
            }
            int next = Math.min(to, lineEnd + 1);
            boolean empty = lineEnd == line || (lineEnd == line + 1 && data[line] == '\r');
            if (empty) {
                break;
            }
            if ((data[line] == ' ' || data[line] == '\t') && !fields.isEmpty()) {
                fields.get(fields.size() - 1).extend(next);
            } else {
                fields.add(new Field(data, line, next));
            }
            line = next;
        }
        return new HeaderFields(fields);
    }

    /** The unfolded value of the first field named {@code name}. */
    Optional<String> value(String name) {
        return fields.stream()
            .filter(field -> field.name().equalsIgnoreCase(name))
            .findFirst()
            .map(Field::value);
    }

    /** The fields named (or, with {@code keep} false, not named) in {@code names}, as sent, then an empty line. */
    byte[] select(Collection<String> names, boolean keep) {
        Set<String> wanted = names.stream().map(n -> n.toLowerCase(Locale.US)).collect(Collectors.toSet());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Field field : fields) {
            if (wanted.contains(field.name().toLowerCase(Locale.US)) == keep) {
                field.writeTo(out);
            }
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /** One header field: {@code data[start, end)}. */
    private static final class Field {
        private final byte[] data;
        private final int start;
        private int end;

        Field(byte[] data, int start, int end) {
            this.data = data;
            this.start = start;
            this.end = end;
        }

        void extend(int newEnd) {
            end = newEnd;
        }

        String name() {
            int colon = start;
            while (colon < end && data[colon] != ':') {
                colon++;
            }
            return new String(data, start, colon - start, StandardCharsets.ISO_8859_1).trim();
        }

        String value() {
            String raw = new String(data, start, end - start, StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            return (colon < 0 ? "" : raw.substring(colon + 1)).replaceAll("\r?\n", "").trim();
        }

        void writeTo(ByteArrayOutputStream out) {
            out.write(data, start, end - start);
            if (end == start || data[end - 1] != '\n') {
                out.write('\r');
                out.write('\n');
            }
        }
    }
}
