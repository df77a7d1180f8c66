package org.cpmmss.james.imap.profile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.mail.Flags;

import org.apache.james.imap.encode.ImapResponseComposer;

/**
 * System flags in RFC 3501's order, {@code \Answered \Flagged \Deleted \Seen \Draft \Recent}, then keywords as James
 * lists them (Dovecot's order; James sorts them alphabetically). Applies to {@code FLAGS (…)} items and, for the
 * one response built from strings, to the list of a {@code [PERMANENTFLAGS (…)]} code ({@link #forParenLists}).
 */
class SystemFlagOrderComposer extends ForwardingComposer {
    static final List<String> ORDER = List.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft", "\\Recent");
    private static final List<Flags.Flag> SYSTEM = List.of(Flags.Flag.ANSWERED, Flags.Flag.FLAGGED, Flags.Flag.DELETED,
        Flags.Flag.SEEN, Flags.Flag.DRAFT, Flags.Flag.RECENT);

    private final boolean parenLists;
    private List<String> pending;

    SystemFlagOrderComposer(ImapResponseComposer delegate) {
        this(delegate, false);
    }

    private SystemFlagOrderComposer(ImapResponseComposer delegate, boolean parenLists) {
        super(delegate);
        this.parenLists = parenLists;
    }

    /** Also re-orders the strings written between parentheses (a PERMANENTFLAGS code). */
    static SystemFlagOrderComposer forParenLists(ImapResponseComposer delegate) {
        return new SystemFlagOrderComposer(delegate, true);
    }

    @Override
    public ImapResponseComposer flags(Flags flags) throws IOException {
        delegate.message("FLAGS");
        delegate.openParen();
        for (int i = 0; i < SYSTEM.size(); i++) {
            if (flags.contains(SYSTEM.get(i))) {
                delegate.message(ORDER.get(i));
            }
        }
        for (String keyword : flags.getUserFlags()) {
            delegate.message(keyword);
        }
        delegate.closeParen();
        return this;
    }

    @Override
    public ImapResponseComposer openParen() throws IOException {
        delegate.openParen();
        if (parenLists) {
            pending = new ArrayList<>();
        }
        return this;
    }

    @Override
    public ImapResponseComposer message(String message) throws IOException {
        if (pending != null) {
            pending.add(message);
            return this;
        }
        delegate.message(message);
        return this;
    }

    @Override
    public ImapResponseComposer closeParen() throws IOException {
        if (pending != null) {
            List<String> items = pending;
            pending = null;
            items.sort((a, b) -> Integer.compare(rank(a), rank(b)));
            for (String item : items) {
                delegate.message(item);
            }
        }
        delegate.closeParen();
        return this;
    }

    /** System flags by RFC 3501 order, then everything else in its original order (stable sort). */
    private static int rank(String item) {
        for (int i = 0; i < ORDER.size(); i++) {
            if (ORDER.get(i).equalsIgnoreCase(item)) {
                return i;
            }
        }
        return ORDER.size();
    }
}
