package org.cpmmss.james.imap.core;

import java.util.Optional;

/**
 * The literal a command line announces at its end (RFC 3501 {@code {n}}, RFC 7888 {@code {n+}}; the
 * {@code ~{n}} of RFC 3516 frames the same way): its size and whether the client waits for a continuation request.
 */
record LiteralAnnouncement(long size, boolean synchronizing) {
    private static final int MAX_DIGITS = 18;

    /** The announcement ending {@code line} (which includes its LF, and usually a CR before it), if any. */
    static Optional<LiteralAnnouncement> parse(byte[] line) {
        int end = line.length - 1; // the LF
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        int close = end - 1;
        if (close < 0 || line[close] != '}') {
            return Optional.empty();
        }
        int digitsEnd = close;
        boolean synchronizing = true;
        if (digitsEnd > 0 && line[digitsEnd - 1] == '+') {
            synchronizing = false;
            digitsEnd--;
        }
        int open = digitsEnd - 1;
        while (open >= 0 && line[open] >= '0' && line[open] <= '9') {
            open--;
        }
        int digits = digitsEnd - open - 1;
        if (open < 0 || line[open] != '{' || digits == 0) {
            return Optional.empty();
        }
        if (digits > MAX_DIGITS) {
            return Optional.of(new LiteralAnnouncement(Long.MAX_VALUE, synchronizing));
        }
        long size = 0;
        for (int i = open + 1; i < digitsEnd; i++) {
            size = size * 10 + (line[i] - '0');
        }
        return Optional.of(new LiteralAnnouncement(size, synchronizing));
    }
}
