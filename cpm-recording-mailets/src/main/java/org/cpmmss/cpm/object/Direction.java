package org.cpmmss.cpm.object;

import java.util.Locale;

/** {@code Message-Direction}, from the mailbox owner's side. */
public enum Direction {
    SENT, RECEIVED;

    public String headerValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** As RCS clients read it: {@code sent} (any case) is SENT, anything else RECEIVED. */
    public static Direction fromHeader(String value) {
        return value != null && value.trim().equalsIgnoreCase("sent") ? SENT : RECEIVED;
    }
}
