package org.cpmmss.cpm.address;

import org.cpmmss.cpm.CpmFormatException;

/** A CPM address that cannot be normalised (malformed, national number without country code, …). */
public class InvalidAddressException extends CpmFormatException {
    private static final long serialVersionUID = 1L;

    public InvalidAddressException(String reason) {
        super(reason);
    }
}
