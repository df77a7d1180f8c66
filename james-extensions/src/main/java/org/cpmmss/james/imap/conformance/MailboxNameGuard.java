package org.cpmmss.james.imap.conformance;

import java.nio.charset.CharacterCodingException;
import java.util.Optional;

import org.apache.james.imap.api.ImapCommand;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.ImapCommandParser;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.decode.base.AbstractImapCommandParser;
import org.apache.james.imap.message.request.CreateRequest;
import org.apache.james.imap.message.request.RenameRequest;
import org.apache.james.imap.message.request.SubscribeRequest;

/**
 * A command parser that answers {@code NO} for a mailbox name that is not valid modified UTF-7 (RFC 3501 5.1.3),
 * e.g. {@code SELECT a&b} ({@code &} must start a base64 run closed by {@code -}). James's reader throws an
 * {@link Error} wrapping a {@link CharacterCodingException} there, and Netty closes the connection; here the
 * command gets its tagged answer and the connection stays open, as with Dovecot. A name to be created (CREATE,
 * RENAME, SUBSCRIBE) holding control characters, which James would store, gets the same NO.
 */
final class MailboxNameGuard implements ImapCommandParser {
    static final HumanReadableText NOT_MODIFIED_UTF7 =
        new HumanReadableText("org.cpmmss.imap.NOT_MUTF7", "Mailbox name is not valid modified UTF-7.");

    private final ImapCommandParser parser;
    private final StatusResponseFactory statusResponses;

    MailboxNameGuard(ImapCommandParser parser, StatusResponseFactory statusResponses) {
        this.parser = parser;
        this.statusResponses = statusResponses;
    }

    @Override
    public ImapMessage parse(ImapRequestLineReader request, Tag tag, ImapSession session) {
        ImapMessage parsed;
        try {
            parsed = parser.parse(request, tag, session);
        } catch (RuntimeException | Error e) {
            if (!isCodingFailure(e)) {
                throw e;
            }
            return notModifiedUtf7(tag);
        }
        return newName(parsed).filter(MailboxNameGuard::hasControlCharacter).isPresent() ? notModifiedUtf7(tag) : parsed;
    }

    private ImapMessage notModifiedUtf7(Tag tag) {
        ImapCommand command = parser instanceof AbstractImapCommandParser ? ((AbstractImapCommandParser) parser).getCommand() : null;
        return statusResponses.taggedNo(tag, command, NOT_MODIFIED_UTF7);
    }

    /** The name a command would create (CREATE, RENAME's new name, SUBSCRIBE). */
    private static Optional<String> newName(ImapMessage message) {
        if (message instanceof CreateRequest) {
            return Optional.ofNullable(((CreateRequest) message).getMailboxName());
        }
        if (message instanceof RenameRequest) {
            return Optional.ofNullable(((RenameRequest) message).getNewName());
        }
        if (message instanceof SubscribeRequest) {
            return Optional.ofNullable(((SubscribeRequest) message).getMailboxName());
        }
        return Optional.empty();
    }

    /** Controls are not printable US-ASCII: modified UTF-7 has no way to carry them in a name. */
    private static boolean hasControlCharacter(String name) {
        return name.chars().anyMatch(Character::isISOControl);
    }

    private static boolean isCodingFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CharacterCodingException) {
                return true;
            }
        }
        return false;
    }
}
