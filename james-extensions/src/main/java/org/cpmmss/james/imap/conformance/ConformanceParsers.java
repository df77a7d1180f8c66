package org.cpmmss.james.imap.conformance;

import java.util.Locale;

import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.decode.ImapCommandParser;
import org.apache.james.imap.decode.ImapCommandParserFactory;

/**
 * James's command parsers with two corrections: LIST reads RFC 5258 pattern lists and options
 * ({@link PatternListCommandParser}), and every parser answers NO instead of dropping the connection when a
 * mailbox name is not valid modified UTF-7 ({@link MailboxNameGuard}).
 */
public final class ConformanceParsers implements ImapCommandParserFactory {
    private final ImapCommandParserFactory delegate;
    private final StatusResponseFactory statusResponses;
    private final ImapCommandParser list;

    public ConformanceParsers(ImapCommandParserFactory delegate, StatusResponseFactory statusResponses) {
        this.delegate = delegate;
        this.statusResponses = statusResponses;
        this.list = new PatternListCommandParser(statusResponses);
    }

    @Override
    public ImapCommandParser getParser(String commandName) {
        ImapCommandParser james = delegate.getParser(commandName);
        if (james == null) {
            return null;
        }
        if (commandName.toUpperCase(Locale.US).equals(ImapConstants.LIST_COMMAND.getName())) {
            return new MailboxNameGuard(list, statusResponses);
        }
        return new MailboxNameGuard(james, statusResponses);
    }
}
