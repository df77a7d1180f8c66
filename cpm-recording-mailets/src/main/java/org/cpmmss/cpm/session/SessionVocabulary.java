package org.cpmmss.cpm.session;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.xml.XmlElement;

/**
 * The closed value sets of the session info and file transfer history descriptions, checked when they are read:
 * {@code session-type} and {@code file-transfer-type} are one of {@code 1-1}, {@code Group}, {@code Ad-Hoc},
 * {@code Pre-Defined} (OMA CPM's conversation kinds plus RCS's {@code Group}; case ignored), at most
 * {@link #MAX_INVITED} invited participants (as many as a Group State Object may list), and the root element is in
 * no namespace (neither description defines one).
 */
public final class SessionVocabulary {
    /** Most invited participants in one description. */
    public static final int MAX_INVITED = 500;
    private static final Set<String> KINDS = Set.of("1-1", "group", "ad-hoc", "pre-defined");

    private SessionVocabulary() {
    }

    /** The value itself when it is a known kind; otherwise a refusal naming {@code what} and the accepted values. */
    public static String requireKind(String what, String value) throws CpmFormatException {
        if (!KINDS.contains(value.trim().toLowerCase(Locale.ROOT))) {
            throw new CpmFormatException(what + " must be 1-1, Group, Ad-Hoc or Pre-Defined, not \"" + shorten(value) + "\"");
        }
        return value;
    }

    public static List<String> requireInvitedWithinLimit(String what, List<String> invited) throws CpmFormatException {
        if (invited.size() > MAX_INVITED) {
            throw new CpmFormatException(what + ": " + invited.size() + " invited participants, at most " + MAX_INVITED);
        }
        return invited;
    }

    public static void requireNoNamespace(String what, XmlElement root) throws CpmFormatException {
        if (!root.namespace().isEmpty()) {
            throw new CpmFormatException(what + ": root element " + root.localName() + " must be in no namespace, not "
                + shorten(root.namespace()));
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
