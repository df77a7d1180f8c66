package org.cpmmss.cpm.mime;

import java.util.Objects;

/** One header field: name as written, value unfolded and trimmed. */
public record HeaderField(String name, String value) {
    public HeaderField {
        Objects.requireNonNull(name);
        Objects.requireNonNull(value);
    }

    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }

    /** The field as one line, without the line terminator. */
    public String line() {
        return name + ": " + value;
    }
}
