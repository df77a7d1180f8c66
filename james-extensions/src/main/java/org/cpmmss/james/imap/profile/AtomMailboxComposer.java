package org.cpmmss.james.imap.profile;

import java.io.IOException;
import java.util.Locale;

import org.apache.james.imap.api.display.ModifiedUtf7;
import org.apache.james.imap.encode.ImapResponseComposer;

/**
 * Writes a mailbox name as an atom (RFC 3501 astring of ASTRING-CHARs) when the grammar allows, as Dovecot does;
 * otherwise hands it to the server's composer, which quotes it. The empty name and {@code NIL} stay quoted.
 */
final class AtomMailboxComposer extends ForwardingComposer {
    AtomMailboxComposer(ImapResponseComposer delegate) {
        super(delegate);
    }

    @Override
    public ImapResponseComposer mailbox(String mailboxName) throws IOException {
        String encoded = ModifiedUtf7.encodeModifiedUTF7(mailboxName);
        if (isAtom(encoded)) {
            delegate.message(encoded);
        } else {
            delegate.mailbox(mailboxName);
        }
        return this;
    }

    static boolean isAtom(String name) {
        if (name.isEmpty() || name.toUpperCase(Locale.US).equals("NIL")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isAstringChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** ASTRING-CHAR = ATOM-CHAR / "]": any CHAR except atom-specials ( ) { SP CTL % * " \ (and ] is allowed). */
    private static boolean isAstringChar(char c) {
        if (c <= 0x1f || c >= 0x7f) {
            return false;
        }
        switch (c) {
            case '(':
            case ')':
            case '{':
            case ' ':
            case '%':
            case '*':
            case '"':
            case '\\':
                return false;
            default:
                return true;
        }
    }
}
