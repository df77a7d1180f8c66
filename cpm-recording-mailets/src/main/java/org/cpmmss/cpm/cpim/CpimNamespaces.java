package org.cpmmss.cpm.cpim;

/** Well-known CPIM namespaces. */
public final class CpimNamespaces {
    /** RFC 5438 IMDN namespace, usually with prefix {@code imdn}. */
    public static final String IMDN = "urn:ietf:params:imdn";
    /** GSMA namespace, usually with prefix {@code rcs}. */
    public static final String GSMA = "http://www.gsma.com";
    /** CPIM core headers (From, To, cc, DateTime, Subject, NS, Require) have no prefix. */
    public static final String CORE = "urn:ietf:params:cpim-headers:";

    private CpimNamespaces() {
    }
}
