package org.cpmmss.james.imap.notify;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.DecodingException;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.decode.base.AbstractImapCommandParser;

/**
 * Parses RFC 5465 {@code NOTIFY}:
 * <pre>
 * NOTIFY NONE
 * NOTIFY SET [STATUS] (filter-mailboxes events) ...
 *   filter-mailboxes = SELECTED | SELECTED-DELAYED | INBOXES | PERSONAL | SUBSCRIBED
 *                    | SUBTREE one-or-more-mailbox | MAILBOXES one-or-more-mailbox
 *   events = NONE | "(" event *(SP event) ")"     event: MessageNew [SP "(" fetch-att... ")"] | MessageExpunge | ...
 * </pre>
 * An event this server does not support makes the command fail with {@code NO} (see {@link NotifyProcessor}).
 */
public class NotifyCommandParser extends AbstractImapCommandParser {
    @Inject
    public NotifyCommandParser(StatusResponseFactory statusResponseFactory) {
        super(NotifyImapPackage.NOTIFY, statusResponseFactory);
    }

    @Override
    protected ImapMessage decode(ImapRequestLineReader request, Tag tag, ImapSession session) throws DecodingException {
        String verb = request.atom().toUpperCase(Locale.US);
        if (verb.equals("NONE")) {
            request.eol();
            return NotifyRequest.none(tag);
        }
        if (!verb.equals("SET")) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Expected NOTIFY SET or NOTIFY NONE");
        }
        boolean status = false;
        if (request.nextWordChar() != '(') {
            if (!request.atom().equalsIgnoreCase("STATUS")) {
                throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Expected STATUS or a filter");
            }
            status = true;
        }
        List<NotifyFilter> filters = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        while (true) {
            filters.add(filter(request, unsupported));
            if (request.nextChar() != ' ') {
                break;
            }
            request.consume();
        }
        request.eol();
        return NotifyRequest.set(tag, status, filters, unsupported);
    }

    private NotifyFilter filter(ImapRequestLineReader request, List<String> unsupported) throws DecodingException {
        request.nextWordChar();
        request.consumeChar('(');
        String name = request.atom().toUpperCase(Locale.US);
        NotifyFilter.Kind kind;
        List<String> mailboxes = new ArrayList<>();
        switch (name) {
            case "SELECTED":
                kind = NotifyFilter.Kind.SELECTED;
                break;
            case "SELECTED-DELAYED":
                kind = NotifyFilter.Kind.SELECTED_DELAYED;
                break;
            case "INBOXES":
                kind = NotifyFilter.Kind.INBOXES;
                break;
            case "PERSONAL":
                kind = NotifyFilter.Kind.PERSONAL;
                break;
            case "SUBSCRIBED":
                kind = NotifyFilter.Kind.SUBSCRIBED;
                break;
            case "SUBTREE":
                kind = NotifyFilter.Kind.SUBTREE;
                mailboxes = mailboxes(request);
                break;
            case "MAILBOXES":
                kind = NotifyFilter.Kind.MAILBOXES;
                mailboxes = mailboxes(request);
                break;
            default:
                throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Unknown NOTIFY filter " + name);
        }
        Set<NotifyEvent> events = events(request, unsupported);
        request.nextWordChar();
        request.consumeChar(')');
        return new NotifyFilter(kind, mailboxes, events);
    }

    private static List<String> mailboxes(ImapRequestLineReader request) throws DecodingException {
        List<String> mailboxes = new ArrayList<>();
        if (request.nextWordChar() == '(') {
            request.consume();
            while (request.nextWordChar() != ')') {
                mailboxes.add(request.mailbox());
            }
            request.consume();
        } else {
            mailboxes.add(request.mailbox());
        }
        if (mailboxes.isEmpty()) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Empty mailbox list");
        }
        return mailboxes;
    }

    private static Set<NotifyEvent> events(ImapRequestLineReader request, List<String> unsupported) throws DecodingException {
        Set<NotifyEvent> events = EnumSet.noneOf(NotifyEvent.class);
        if (request.nextWordChar() != '(') {
            if (!request.atom().equalsIgnoreCase("NONE")) {
                throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Expected an event list or NONE");
            }
            return events;
        }
        request.consume();
        while (request.nextWordChar() != ')') {
            String name = request.atom();
            Optional<NotifyEvent> event = NotifyEvent.fromWire(name);
            if (event.isPresent()) {
                events.add(event.get());
            } else {
                unsupported.add(name);
            }
            if (event.equals(Optional.of(NotifyEvent.MESSAGE_NEW)) && request.nextWordChar() == '(') {
                // fetch-att for the selected mailbox: accepted, not honoured (see docs/imap-notify-sort.md)
                skipParenthesised(request);
            }
        }
        request.consume();
        if (events.isEmpty() && unsupported.isEmpty()) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Empty event list");
        }
        return events;
    }

    private static void skipParenthesised(ImapRequestLineReader request) throws DecodingException {
        int depth = 0;
        do {
            char next = request.consume();
            if (next == '(') {
                depth++;
            } else if (next == ')') {
                depth--;
            }
        } while (depth > 0);
    }
}
