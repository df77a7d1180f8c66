package org.cpmmss.cpm.mime;

import org.cpmmss.cpm.CpmFormatException;

/** Checks on header fields this library writes (no header injection). */
public final class HeaderValues {
    public static final int MAX_VALUE_LENGTH = 8192;

    private HeaderValues() {
    }

    public static void requireSafe(String name, String value) throws CpmFormatException {
        if (name.isEmpty()) {
            throw new CpmFormatException("empty header field name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 32 || c >= 127 || c == ':') {
                throw new CpmFormatException("invalid header field name: " + HeaderBlock.shorten(name));
            }
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new CpmFormatException(name + ": value longer than " + MAX_VALUE_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new CpmFormatException(name + ": value contains a line break or NUL");
            }
        }
    }
}
