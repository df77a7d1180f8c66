package org.cpmmss.james.imap.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.DecodingException;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.decode.base.AbstractImapCommandParser;
import org.apache.james.imap.message.request.SetMetadataRequest;
import org.apache.james.mailbox.model.MailboxAnnotation;

/**
 * {@code SETMETADATA mailbox (entry value ...)} (RFC 5464) accepting the preference contract entries, whose names
 * carry hyphens James refuses: they are set under their stored keys. Any other entry is handled as James does
 * (same syntax, same BAD for a name James refuses). An internal stored-key name or a value a preference does not
 * take is answered {@code NO [CANNOT] <why>} and nothing of the command is applied.
 */
final class PreferenceSetMetadataParser extends AbstractImapCommandParser {
    PreferenceSetMetadataParser(StatusResponseFactory statusResponseFactory) {
        super(ImapConstants.SETMETADATA_COMMAND, statusResponseFactory);
    }

    @Override
    protected ImapMessage decode(ImapRequestLineReader request, Tag tag, ImapSession session) throws DecodingException {
        String mailbox = request.mailbox();
        List<String[]> entries = new ArrayList<>();
        if (request.nextWordChar() == '(') {
            request.consumeChar('(');
            do {
                String name = request.atom();
                String value = request.nstring();
                entries.add(new String[] {name, value});
            } while (request.nextWordChar() != ')');
            request.consumeChar(')');
        }
        request.eol();

        List<MailboxAnnotation> annotations = new ArrayList<>();
        for (String[] entry : entries) {
            try {
                annotations.add(entry[1] == null
                    ? MailboxAnnotation.nil(PreferenceEntries.storedKey(entry[0]))
                    : MailboxAnnotation.newInstance(PreferenceEntries.storedKey(entry[0]), entry[1]));
            } catch (IllegalArgumentException e) {
                throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "The key is not valid: " + e.getMessage());
            }
        }
        for (String[] entry : entries) {
            Optional<HumanReadableText> refusal = PreferenceEntries.refusal(entry[0], entry[1]);
            if (refusal.isPresent()) {
                return taggedNo(tag, null, refusal.get(), PreferenceEntries.CANNOT);
            }
        }
        return new SetMetadataRequest(tag, mailbox, annotations);
    }
}
