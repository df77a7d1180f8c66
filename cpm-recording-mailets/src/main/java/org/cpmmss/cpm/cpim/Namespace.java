package org.cpmmss.cpm.cpim;

import org.cpmmss.cpm.CpmFormatException;

/** One CPIM {@code NS:} declaration: {@code [prefix] <uri>}. */
record Namespace(String prefix, String uri) {
    static Namespace parse(String value) throws CpmFormatException {
        String v = value.trim();
        int lt = v.indexOf('<');
        if (lt < 0 || !v.endsWith(">") || v.indexOf('<', lt + 1) >= 0) {
            throw new CpmFormatException("malformed CPIM NS header \"" + shorten(v) + "\" (expected: prefix <uri>)");
        }
        String prefix = v.substring(0, lt).trim();
        String uri = v.substring(lt + 1, v.length() - 1).trim();
        if (uri.isEmpty() || !prefix.matches("[A-Za-z0-9!#$%&'*+\\-^_`|~]*")) {
            throw new CpmFormatException("malformed CPIM NS header \"" + shorten(v) + "\"");
        }
        return new Namespace(prefix, uri);
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
