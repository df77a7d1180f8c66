package org.cpmmss.james.imap.notify;

import java.io.IOException;

import org.apache.james.imap.encode.ImapResponseComposer;
import org.apache.james.imap.encode.ImapResponseEncoder;

/** Writes {@link MailboxNameResponse} with James's composer (mailbox names in modified UTF-7, quoted). */
public class MailboxNameResponseEncoder implements ImapResponseEncoder<MailboxNameResponse> {
    @Override
    public Class<MailboxNameResponse> acceptableMessages() {
        return MailboxNameResponse.class;
    }

    @Override
    public void encode(MailboxNameResponse response, ImapResponseComposer composer) throws IOException {
        composer.untagged();
        composer.message("LIST");
        composer.openParen();
        for (String attribute : response.getAttributes()) {
            composer.message(attribute);
        }
        composer.closeParen();
        composer.quote(String.valueOf(response.getDelimiter()));
        composer.mailbox(response.getName());
        if (response.getOldName().isPresent()) {
            composer.openParen();
            composer.quote("OLDNAME");
            composer.openParen();
            composer.mailbox(response.getOldName().get());
            composer.closeParen();
            composer.closeParen();
        }
        composer.end();
    }
}
