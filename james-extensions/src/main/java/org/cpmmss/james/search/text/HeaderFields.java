package org.cpmmss.james.search.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

/**
 * The top-level header fields of a stored message as the search's check reads them from its header section: cut
 * into fields by the tokenizer {@link MessageText#parse} reads them with, and decoded only when asked, either all of
 * them ({@link #all()}: TEXT's header half) or those of one name ({@link #named}: SUBJECT, HEADER, FROM/TO/CC/BCC),
 * exactly as {@link MessageText} decodes them. A check of one header thus decodes that header alone, not every
 * field of every candidate (which was a quarter of a HEADER search's CPU, the parse of the body-less rest another
 * quarter: docs/benchmarks.md "Twenty-first session").
 */
public final class HeaderFields {
    /** The fields of a section that cannot be read: none. */
    public static final HeaderFields NONE = new HeaderFields(List.of());

    private final List<Field> fields;

    private HeaderFields(List<Field> fields) {
        this.fields = fields;
    }

    /** The fields of the first header block of {@code section} (a header section or a whole message). */
    public static HeaderFields parse(byte[] section) {
        MimeTokenStream stream = new MimeTokenStream(MimeConfig.PERMISSIVE);
        stream.parse(new ByteArrayInputStream(section));
        List<Field> fields = new ArrayList<>();
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                if (state == EntityState.T_FIELD) {
                    fields.add(stream.getField());
                } else if (state == EntityState.T_END_HEADER) {
                    break;
                }
            }
        } catch (IOException | MimeException | RuntimeException e) {
            return NONE;
        }
        return new HeaderFields(fields);
    }

    /** Every field, decoded: the header section's text is {@code all().headerText()}. */
    public MessageText all() {
        return MessageText.ofFields(fields);
    }

    /** The fields with this name (any case), decoded: their values and address texts as {@link MessageText} gives them. */
    public MessageText named(String name) {
        List<Field> named = new ArrayList<>();
        for (Field field : fields) {
            if (field.getName().equalsIgnoreCase(name)) {
                named.add(field);
            }
        }
        return MessageText.ofFields(named);
    }
}
