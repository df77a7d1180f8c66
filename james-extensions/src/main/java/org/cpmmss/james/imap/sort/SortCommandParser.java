package org.cpmmss.james.imap.sort;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapCommand;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.request.SearchKey;
import org.apache.james.imap.api.message.request.SearchResultOption;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.DecodingException;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.decode.parser.SearchCommandParser;
import org.apache.james.mailbox.model.SearchQuery;

/**
 * Parses {@code SORT [RETURN (opts)] (sort-criteria) charset search-key...}.
 *
 * <p>It extends James's {@link SearchCommandParser} for two reasons: James's UID parser only accepts subclasses of
 * its (package-private) UID-aware parser, so this is how {@code UID SORT} reaches us; and the search keys are
 * read by James's own key grammar ({@link SearchCommandParser#decode(ImapSession, ImapRequestLineReader)}).
 * It registers under the name SORT ({@link #getCommand()}) and answers its own BAD/NO as SORT.</p>
 */
public class SortCommandParser extends SearchCommandParser {
    private final StatusResponseFactory statusResponseFactory;

    @Inject
    public SortCommandParser(StatusResponseFactory statusResponseFactory) {
        super(statusResponseFactory);
        this.statusResponseFactory = statusResponseFactory;
    }

    @Override
    public ImapCommand getCommand() {
        return SortImapPackage.SORT;
    }

    @Override
    protected ImapMessage decode(ImapRequestLineReader request, Tag tag, boolean useUids, ImapSession session) {
        try {
            return decodeSort(request, tag, useUids, session);
        } catch (DecodingException e) {
            return statusResponseFactory.taggedBad(tag, SortImapPackage.SORT, e.getKey());
        }
    }

    private ImapMessage decodeSort(ImapRequestLineReader request, Tag tag, boolean useUids, ImapSession session) throws DecodingException {
        Optional<List<SearchResultOption>> returnOptions = Optional.empty();
        char next = request.nextWordChar();
        if (next == 'R' || next == 'r') {
            String word = request.atom();
            if (!"RETURN".equalsIgnoreCase(word)) {
                throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Expected RETURN or a sort criteria list");
            }
            returnOptions = Optional.of(returnOptions(request));
        }
        List<SearchQuery.Sort> sorts = sortCriteria(request);
        request.nextWordChar();
        String charsetName = request.astring();
        try {
            Charset.forName(charsetName);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return statusResponseFactory.taggedNo(tag, SortImapPackage.SORT, HumanReadableText.BAD_CHARSET,
                StatusResponse.ResponseCode.badCharset());
        }
        SearchKey key;
        try {
            key = decode(session, request);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return statusResponseFactory.taggedNo(tag, SortImapPackage.SORT, HumanReadableText.BAD_CHARSET,
                StatusResponse.ResponseCode.badCharset());
        }
        return new SortRequest(tag, sorts, key, useUids, returnOptions);
    }

    private static List<SearchResultOption> returnOptions(ImapRequestLineReader request) throws DecodingException {
        request.nextWordChar();
        request.consumeChar('(');
        List<SearchResultOption> options = new ArrayList<>();
        while (request.nextWordChar() != ')') {
            String option = request.atom().toUpperCase(Locale.US);
            switch (option) {
                case "MIN":
                    options.add(SearchResultOption.MIN);
                    break;
                case "MAX":
                    options.add(SearchResultOption.MAX);
                    break;
                case "COUNT":
                    options.add(SearchResultOption.COUNT);
                    break;
                case "ALL":
                    options.add(SearchResultOption.ALL);
                    break;
                default:
                    throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Unsupported RETURN option " + option);
            }
        }
        request.consumeChar(')');
        if (options.isEmpty()) {
            options.add(SearchResultOption.ALL);
        }
        return options;
    }

    static List<SearchQuery.Sort> sortCriteria(ImapRequestLineReader request) throws DecodingException {
        request.nextWordChar();
        request.consumeChar('(');
        List<SearchQuery.Sort> sorts = new ArrayList<>();
        boolean reverse = false;
        while (request.nextWordChar() != ')') {
            String criterion = request.atom().toUpperCase(Locale.US);
            if (criterion.equals("REVERSE")) {
                if (reverse) {
                    throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "REVERSE REVERSE");
                }
                reverse = true;
                continue;
            }
            SearchQuery.Sort.Order order = reverse ? SearchQuery.Sort.Order.REVERSE : SearchQuery.Sort.Order.NATURAL;
            sorts.add(new SearchQuery.Sort(clause(criterion), order));
            reverse = false;
        }
        request.consumeChar(')');
        if (sorts.isEmpty() || reverse) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Empty or incomplete sort criteria");
        }
        return sorts;
    }

    private static SearchQuery.Sort.SortClause clause(String criterion) throws DecodingException {
        switch (criterion) {
            case "ARRIVAL":
                return SearchQuery.Sort.SortClause.Arrival;
            case "CC":
                return SearchQuery.Sort.SortClause.MailboxCc;
            case "DATE":
                return SearchQuery.Sort.SortClause.SentDate;
            case "FROM":
                return SearchQuery.Sort.SortClause.MailboxFrom;
            case "SIZE":
                return SearchQuery.Sort.SortClause.Size;
            case "SUBJECT":
                return SearchQuery.Sort.SortClause.BaseSubject;
            case "TO":
                return SearchQuery.Sort.SortClause.MailboxTo;
            default:
                throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Unsupported sort criterion " + criterion);
        }
    }
}
