package org.cpmmss.cpm.xml;

/**
 * An XML document (or an XML part of a CPM object: session info, file transfer description) refused because it is
 * over its size limit. The pipeline answers it as "too large" (HTTP 413, SIP 413), not as a malformed object.
 */
public class XmlTooLargeException extends XmlRejectedException {
    private static final long serialVersionUID = 1L;

    public XmlTooLargeException(String reason) {
        super(reason);
    }
}
