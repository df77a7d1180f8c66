package org.cpmmss.cpm;

/**
 * The one typed error of the CPM format library: the input is not a valid CPM object (or address, or
 * folder name). The message is a human readable reason meant to be returned to the Participating
 * Function as is.
 */
public class CpmFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public CpmFormatException(String reason) {
        super(reason);
    }

    public CpmFormatException(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** The human readable reason (same as {@link #getMessage()}). */
    public String reason() {
        return getMessage();
    }
}
