package org.cpmmss.cpm.folder;

import org.cpmmss.cpm.folder.UnsafeFolderNameException.Reason;

/** The rule deciding whether a string can be one IMAP folder name component. */
public final class FolderNames {
    /** Longest name component accepted. */
    public static final int MAX_COMPONENT_LENGTH = 255;

    private FolderNames() {
    }

    /**
     * Returns the component unchanged or refuses it: empty, longer than {@link #MAX_COMPONENT_LENGTH},
     * containing {@code ..}, the delimiter {@code /}, the IMAP wildcards {@code *} {@code %}, control
     * characters (C0, DEL, C1, line/paragraph separators) or surrounding whitespace. Never escapes.
     */
    public static String requireSafe(String what, String component) throws UnsafeFolderNameException {
        if (component == null || component.isEmpty()) {
            throw new UnsafeFolderNameException(Reason.EMPTY, what + " is empty and cannot name a folder");
        }
        if (component.length() > MAX_COMPONENT_LENGTH) {
            throw new UnsafeFolderNameException(Reason.TOO_LONG,
                    what + " is longer than " + MAX_COMPONENT_LENGTH + " characters and cannot name a folder");
        }
        if (component.contains("..")) {
            throw new UnsafeFolderNameException(Reason.DOT_DOT, what + " contains '..': " + shown(component));
        }
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == FolderPath.DELIMITER) {
                throw new UnsafeFolderNameException(Reason.DELIMITER,
                        what + " contains the folder delimiter '/': " + shown(component));
            }
            if (c == '*' || c == '%') {
                throw new UnsafeFolderNameException(Reason.WILDCARD,
                        what + " contains the IMAP wildcard '" + c + "': " + shown(component));
            }
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                throw new UnsafeFolderNameException(Reason.CONTROL_CHARACTER,
                        what + " contains a control character (U+" + String.format("%04X", (int) c) + "): " + shown(component));
            }
        }
        if (Character.isWhitespace(component.charAt(0)) || Character.isWhitespace(component.charAt(component.length() - 1))) {
            throw new UnsafeFolderNameException(Reason.SURROUNDING_WHITESPACE,
                    what + " starts or ends with whitespace: " + shown(component));
        }
        return component;
    }

    private static String shown(String s) {
        StringBuilder b = new StringBuilder("\"");
        int n = Math.min(s.length(), 80);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ? '?' : c);
        }
        return b.append(s.length() > n ? "…\"" : "\"").toString();
    }
}
