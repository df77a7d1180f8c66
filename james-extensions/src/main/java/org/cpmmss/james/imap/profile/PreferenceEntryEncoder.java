package org.cpmmss.james.imap.profile;

import java.io.IOException;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imap.encode.ImapResponseComposer;
import org.apache.james.imap.message.response.MetadataResponse;

/**
 * Names the preference contract entries in {@code * METADATA} answers: James's encoder writes the line, and each
 * entry name it writes that is a stored preference key ({@code /private/vendor/cpm/donotdisturb}) goes out as
 * the contract entry ({@code /private/vendor/cpm/do-not-disturb}). Values are written as quoted strings by James
 * and are never renamed. Always on, like {@link PreferenceEntryParsers}.
 */
public final class PreferenceEntryEncoder implements ImapEncoder {
    private final ImapEncoder delegate;

    public PreferenceEntryEncoder(ImapEncoder delegate) {
        this.delegate = delegate;
    }

    @Override
    public void encode(ImapMessage message, ImapResponseComposer composer) throws IOException {
        delegate.encode(message, message instanceof MetadataResponse ? new EntryNames(composer) : composer);
    }

    private static final class EntryNames extends ForwardingComposer {
        EntryNames(ImapResponseComposer delegate) {
            super(delegate);
        }

        @Override
        public ImapResponseComposer message(String message) throws IOException {
            delegate.message(PreferenceEntries.clientName(message));
            return this;
        }
    }
}
