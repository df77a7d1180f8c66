package org.cpmmss.james.imap.conformance;

import java.nio.charset.CharacterCodingException;

import org.apache.james.imap.api.display.ModifiedUtf7;

/** Whether a mailbox name or pattern as sent is valid modified UTF-7 (RFC 3501 5.1.3), by James's own decoder. */
final class ModifiedUtf7Names {
    private ModifiedUtf7Names() {
    }

    static boolean valid(String name) {
        if (name == null || name.indexOf('&') < 0) {
            return true;
        }
        try {
            ModifiedUtf7.decodeModifiedUTF7(name);
            return true;
        } catch (RuntimeException e) {
            return false;
        } catch (Error e) {
            if (e.getCause() instanceof CharacterCodingException) {
                return false;
            }
            throw e;
        }
    }
}
