package org.cpmmss.james.imap.conformance;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.StatusDataItems;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.DecodingException;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.decode.base.AbstractImapCommandParser;
import org.apache.james.imap.decode.parser.ListCommandParser;
import org.apache.james.imap.message.request.ListRequest;
import org.apache.james.imap.message.request.ListRequest.ListReturnOption;
import org.apache.james.imap.message.request.ListRequest.ListSelectOption;

/**
 * LIST as RFC 5258 writes it: {@code LIST [(select-opts)] reference (pattern / "(" pattern *(SP pattern) ")")
 * [RETURN (return-opts)]}. James's parser takes one pattern only (a pattern list answers BAD) and lets an unknown
 * option through in some spellings; this one reads a pattern list into a {@link PatternListRequest}, answers BAD for
 * an unknown selection or return option and for RECURSIVEMATCH without a selection option it modifies (SUBSCRIBED,
 * SPECIAL-USE), and otherwise builds the same {@link ListRequest} James's parser builds.
 */
final class PatternListCommandParser extends AbstractImapCommandParser {
    /** list-char of RFC 3501: atom characters and the wildcards; ')' ends a pattern inside a pattern list. */
    private static final ImapRequestLineReader.CharacterValidator LIST_CHAR = chr ->
        ImapRequestLineReader.isListWildcard(chr) || ImapRequestLineReader.AtomCharValidator.INSTANCE.isValid(chr);

    private final ListCommandParser patterns;

    PatternListCommandParser(StatusResponseFactory statusResponses) {
        super(ImapConstants.LIST_COMMAND, statusResponses);
        this.patterns = new ListCommandParser(statusResponses);
    }

    @Override
    protected ImapMessage decode(ImapRequestLineReader request, Tag tag, ImapSession session) throws DecodingException {
        EnumSet<ListSelectOption> select = selectOptions(request);
        String reference = request.mailbox();
        List<String> mailboxPatterns = mailboxPatterns(request);
        EnumSet<ListReturnOption> returned = EnumSet.noneOf(ListReturnOption.class);
        Optional<StatusDataItems> statusItems = returnOptions(request, returned);
        request.eol();
        if (select.contains(ListSelectOption.SPECIAL_USE)) {
            returned.add(ListReturnOption.SPECIAL_USE);
        }
        List<ListRequest> requests = new ArrayList<>();
        for (String pattern : mailboxPatterns) {
            requests.add(select.isEmpty() && returned.isEmpty()
                ? new ListRequest(reference, pattern, tag)
                : new ListRequest(ImapConstants.LIST_COMMAND, reference, pattern, tag, EnumSet.copyOf(select),
                    EnumSet.copyOf(returned), statusItems));
        }
        return requests.size() == 1 ? requests.get(0) : new PatternListRequest(requests);
    }

    private List<String> mailboxPatterns(ImapRequestLineReader request) throws DecodingException {
        List<String> found = new ArrayList<>();
        if (request.nextWordChar() != '(') {
            found.add(patterns.listMailbox(request));
            return found;
        }
        request.consumeChar('(');
        char next;
        while ((next = request.nextWordChar()) != ')') {
            // an atom pattern ends at the list's closing parenthesis too
            found.add(next == '"' || next == '{' ? patterns.listMailbox(request) : request.consumeWord(LIST_CHAR, true));
        }
        request.consumeChar(')');
        if (found.isEmpty()) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Empty mailbox pattern list");
        }
        return found;
    }

    private static EnumSet<ListSelectOption> selectOptions(ImapRequestLineReader request) throws DecodingException {
        EnumSet<ListSelectOption> options = EnumSet.noneOf(ListSelectOption.class);
        if (request.nextWordChar() != '(') {
            return options;
        }
        for (String option : optionWords(request)) {
            switch (option) {
                case "SUBSCRIBED": options.add(ListSelectOption.SUBSCRIBED); break;
                case "REMOTE": options.add(ListSelectOption.REMOTE); break;
                case "RECURSIVEMATCH": options.add(ListSelectOption.RECURSIVEMATCH); break;
                case "SPECIAL-USE": options.add(ListSelectOption.SPECIAL_USE); break;
                default: throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Unknown select option " + option);
            }
        }
        if (options.contains(ListSelectOption.RECURSIVEMATCH)
            && !options.contains(ListSelectOption.SUBSCRIBED) && !options.contains(ListSelectOption.SPECIAL_USE)) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS,
                "RECURSIVEMATCH needs a selection option it modifies");
        }
        return options;
    }

    private static Optional<StatusDataItems> returnOptions(ImapRequestLineReader request, EnumSet<ListReturnOption> options)
            throws DecodingException {
        if (request.nextWordCharLenient().isEmpty()) {
            return Optional.empty();
        }
        String keyword = request.consumeWord(ImapRequestLineReader.AtomCharValidator.INSTANCE);
        if (!"RETURN".equalsIgnoreCase(keyword)) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Unexpected " + keyword);
        }
        if (request.nextWordChar() != '(') {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "RETURN needs an option list");
        }
        request.consumeChar('(');
        Optional<StatusDataItems> statusItems = Optional.empty();
        while (request.nextWordChar() != ')') {
            String option = word(request);
            switch (option) {
                case "SUBSCRIBED": options.add(ListReturnOption.SUBSCRIBED); break;
                case "CHILDREN": options.add(ListReturnOption.CHILDREN); break;
                case "MYRIGHTS": options.add(ListReturnOption.MYRIGHTS); break;
                case "SPECIAL-USE": options.add(ListReturnOption.SPECIAL_USE); break;
                case "STATUS":
                    options.add(ListReturnOption.STATUS);
                    statusItems = Optional.of(statusItems(request));
                    break;
                default: throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Unknown return option " + option);
            }
        }
        request.consumeChar(')');
        return statusItems;
    }

    private static StatusDataItems statusItems(ImapRequestLineReader request) throws DecodingException {
        if (request.nextWordChar() != '(') {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "STATUS needs an item list");
        }
        EnumSet<StatusDataItems.StatusItem> items = EnumSet.noneOf(StatusDataItems.StatusItem.class);
        for (String word : optionWords(request)) {
            items.add(statusItem(word));
        }
        return new StatusDataItems(items);
    }

    private static StatusDataItems.StatusItem statusItem(String word) throws DecodingException {
        String bare = word.replace("-", "");
        for (StatusDataItems.StatusItem item : StatusDataItems.StatusItem.values()) {
            if (item.name().replace("_", "").equals(bare)) {
                return item;
            }
        }
        throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Unknown status item " + word);
    }

    /** Reads {@code (word word ...)}, upper-cased; the reader is on the opening parenthesis. */
    private static List<String> optionWords(ImapRequestLineReader request) throws DecodingException {
        request.consumeChar('(');
        List<String> words = new ArrayList<>();
        while (request.nextWordChar() != ')') {
            words.add(word(request));
        }
        request.consumeChar(')');
        return words;
    }

    private static String word(ImapRequestLineReader request) throws DecodingException {
        String word = request.consumeWord(ImapRequestLineReader.AtomCharValidator.INSTANCE, true);
        if (word.isEmpty()) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Option expected");
        }
        return word.toUpperCase(Locale.US);
    }
}
