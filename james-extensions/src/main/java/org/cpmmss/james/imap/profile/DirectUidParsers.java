package org.cpmmss.james.imap.profile;

import java.util.Locale;

import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.decode.ImapCommandParser;
import org.apache.james.imap.decode.ImapCommandParserFactory;
import org.apache.james.imap.decode.parser.UidCommandParser;

/**
 * James's command parsers, with a {@code UID} parser that looks up the command after {@code UID} (FETCH, STORE,
 * SEARCH…) in James's parsers directly. James's own {@code UID} parser is built by Guice while James's parser
 * factory is being built, so it was handed a Guice circular-dependency proxy of that factory: every {@code UID}
 * command paid a reflective call through the proxy (about 1 % of a single-message FETCH's CPU). Same factory, same
 * parsers, same answers.
 */
final class DirectUidParsers implements ImapCommandParserFactory {
    private final ImapCommandParserFactory james;
    private final ImapCommandParser uid;

    DirectUidParsers(ImapCommandParserFactory james, StatusResponseFactory statusResponses) {
        this.james = james;
        this.uid = james.getParser(ImapConstants.UID_COMMAND.getName()) instanceof UidCommandParser
            ? new UidCommandParser(james, statusResponses) : null;
    }

    @Override
    public ImapCommandParser getParser(String commandName) {
        if (uid != null && commandName.toUpperCase(Locale.US).equals(ImapConstants.UID_COMMAND.getName())) {
            return uid;
        }
        return james.getParser(commandName);
    }
}
