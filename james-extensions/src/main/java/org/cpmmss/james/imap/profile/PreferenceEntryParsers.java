package org.cpmmss.james.imap.profile;

import java.util.Locale;

import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.decode.ImapCommandParser;
import org.apache.james.imap.decode.ImapCommandParserFactory;

/**
 * James's command parsers, with SETMETADATA and GETMETADATA replaced by parsers that accept the preference contract
 * entries (see {@link PreferenceEntries}). James's {@code DefaultImapDecoder} still reads the tag and the command
 * name and answers unknown commands (BAD, BYE after too many) exactly as before. Always on: it is part of the
 * preference contract, not a profile switch.
 */
public final class PreferenceEntryParsers implements ImapCommandParserFactory {
    private final ImapCommandParserFactory delegate;
    private final ImapCommandParser setMetadata;
    private final ImapCommandParser getMetadata;

    public PreferenceEntryParsers(ImapCommandParserFactory delegate, StatusResponseFactory statusResponses) {
        this.delegate = delegate;
        this.setMetadata = new PreferenceSetMetadataParser(statusResponses);
        this.getMetadata = new PreferenceGetMetadataParser(statusResponses);
    }

    @Override
    public ImapCommandParser getParser(String commandName) {
        ImapCommandParser james = delegate.getParser(commandName);
        if (james == null) {
            return null;
        }
        String name = commandName.toUpperCase(Locale.US);
        if (name.equals(ImapConstants.SETMETADATA_COMMAND.getName())) {
            return setMetadata;
        }
        if (name.equals(ImapConstants.GETMETDATA_COMMAND.getName())) {
            return getMetadata;
        }
        return james;
    }
}
