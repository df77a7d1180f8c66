package org.cpmmss.james.imap.conformance;

import java.util.Iterator;
import java.util.Locale;

import org.apache.james.imap.api.message.BodyFetchElement;
import org.apache.james.imap.message.response.FetchResponse.Structure;

/**
 * Tells, from the BODYSTRUCTURE James builds for a message (asked of James next to a FETCH of numbered sections and
 * taken out of the answer when the client did not ask for it), whether a section passes through or ends at a
 * {@code message/rfc822} part: only then does {@link EmbeddedMessageSections} answer it from the stored message,
 * read again for that message. James reads the message for numbered sections anyway; this costs its MIME parse
 * and no second read for the messages that need no correction.
 */
final class SectionProbes {
    private SectionProbes() {
    }

    static boolean involvesMessage(BodyFetchElement element, Structure root) {
        if (root == null) {
            return true;
        }
        if (isMessage(root) || isDigest(root)) {
            return true;
        }
        Structure node = root;
        for (int number : element.getPath()) {
            if (!isMultipart(node)) {
                return false;
            }
            if (isDigest(node)) {
                return true;
            }
            Structure child = child(node, number);
            if (child == null) {
                return false;
            }
            if (isMessage(child)) {
                return true;
            }
            node = child;
        }
        return false;
    }

    private static Structure child(Structure multipart, int number) {
        Iterator<Structure> parts = multipart.parts();
        int index = 1;
        while (parts != null && parts.hasNext()) {
            Structure part = parts.next();
            if (index++ == number) {
                return part;
            }
        }
        return null;
    }

    private static boolean isMultipart(Structure structure) {
        return "multipart".equals(lower(structure.getMediaType()));
    }

    private static boolean isDigest(Structure structure) {
        return isMultipart(structure) && "digest".equals(lower(structure.getSubType()));
    }

    private static boolean isMessage(Structure structure) {
        return "message".equals(lower(structure.getMediaType())) && "rfc822".equals(lower(structure.getSubType()));
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.US);
    }
}
