package org.cpmmss.cpm.folder;

import org.cpmmss.cpm.CpmFormatException;

/** An id or address that cannot safely become an IMAP folder name component. */
public class UnsafeFolderNameException extends CpmFormatException {
    private static final long serialVersionUID = 1L;

    /** Why a name was refused. */
    public enum Reason { EMPTY, TOO_LONG, DOT_DOT, DELIMITER, WILDCARD, CONTROL_CHARACTER, SURROUNDING_WHITESPACE }

    private final Reason why;

    public UnsafeFolderNameException(Reason why, String reason) {
        super(reason);
        this.why = why;
    }

    public Reason why() {
        return why;
    }
}
