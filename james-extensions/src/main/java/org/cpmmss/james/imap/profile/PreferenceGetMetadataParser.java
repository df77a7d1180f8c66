package org.cpmmss.james.imap.profile;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.DecodingException;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.decode.base.AbstractImapCommandParser;
import org.apache.james.imap.message.request.GetMetadataRequest;

/**
 * {@code GETMETADATA mailbox [(option ...)]... entry | (entry ...)} (RFC 5464) accepting the preference contract
 * entries: they are read from their stored keys. Any other entry is handled as James does. Options are
 * {@code DEPTH 0|1|infinity} and {@code MAXSIZE n}, in any case, one or more per group. A group whose first word
 * starts with {@code /} is the entry list.
 */
final class PreferenceGetMetadataParser extends AbstractImapCommandParser {
    PreferenceGetMetadataParser(StatusResponseFactory statusResponseFactory) {
        super(ImapConstants.GETMETDATA_COMMAND, statusResponseFactory);
    }

    @Override
    protected ImapMessage decode(ImapRequestLineReader request, Tag tag, ImapSession session) throws DecodingException {
        GetMetadataRequest.Builder builder = GetMetadataRequest.builder().tag(tag).mailboxName(request.mailbox());
        Set<String> names = new LinkedHashSet<>();
        boolean entriesRead = false;
        while (!entriesRead && request.nextNonSpaceChar() == '(') {
            request.consumeChar('(');
            if (request.nextWordChar() == '/') {
                do {
                    names.add(request.atom());
                } while (request.nextWordChar() != ')');
                request.consumeChar(')');
                entriesRead = true;
            } else {
                do {
                    option(request, builder);
                } while (request.nextWordChar() != ')');
                request.consumeChar(')');
            }
        }
        char next = request.nextNonSpaceChar();
        if (!entriesRead && next != '\r' && next != '\n') {
            names.add(request.atom());
        }
        request.eol();

        for (String name : names) {
            Optional<HumanReadableText> refusal = PreferenceEntries.refusal(name, null);
            if (refusal.isPresent()) {
                return taggedNo(tag, null, refusal.get(), PreferenceEntries.CANNOT);
            }
        }
        try {
            return builder
                .keys(names.stream().map(PreferenceEntries::storedKey).collect(Collectors.toCollection(LinkedHashSet::new)))
                .build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, e.getMessage(), e);
        }
    }

    private static void option(ImapRequestLineReader request, GetMetadataRequest.Builder builder) throws DecodingException {
        String name = request.atom().toUpperCase(Locale.US);
        String value = request.atom();
        try {
            switch (name) {
                case "DEPTH":
                    builder.depth(GetMetadataRequest.Depth.fromString(value));
                    break;
                case "MAXSIZE":
                    if (!value.chars().allMatch(Character::isDigit)) {
                        throw new IllegalArgumentException("MAXSIZE must be a number: " + value);
                    }
                    builder.maxsize(Optional.of(Integer.parseInt(value)));
                    break;
                default:
                    throw new IllegalArgumentException("Unknown GETMETADATA option " + name + " (" + List.of("DEPTH", "MAXSIZE") + ")");
            }
        } catch (IllegalArgumentException e) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, e.getMessage(), e);
        }
    }
}
