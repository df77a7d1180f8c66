package org.cpmmss.cpm.xml;

import org.cpmmss.cpm.CpmFormatException;

/** An XML document refused for security reasons (DTD, entities, size, depth) or because it is not well formed. */
public class XmlRejectedException extends CpmFormatException {
    private static final long serialVersionUID = 1L;

    public XmlRejectedException(String reason) {
        super(reason);
    }

    public XmlRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
