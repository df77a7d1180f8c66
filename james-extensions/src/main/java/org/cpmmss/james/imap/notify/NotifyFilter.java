package org.cpmmss.james.imap.notify;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One {@code (filter-mailboxes events)} group of {@code NOTIFY SET}: which mailboxes, and which events for them.
 * Mailbox names are kept as the client sent them (decoded from modified UTF-7) and resolved per session.
 */
public final class NotifyFilter {
    public enum Kind {
        SELECTED, SELECTED_DELAYED, INBOXES, PERSONAL, SUBSCRIBED, SUBTREE, MAILBOXES
    }

    private final Kind kind;
    private final List<String> mailboxes;
    private final Set<NotifyEvent> events;

    public NotifyFilter(Kind kind, List<String> mailboxes, Set<NotifyEvent> events) {
        this.kind = kind;
        this.mailboxes = List.copyOf(mailboxes);
        this.events = events.isEmpty() ? EnumSet.noneOf(NotifyEvent.class) : EnumSet.copyOf(events);
    }

    public Kind kind() {
        return kind;
    }

    public List<String> mailboxes() {
        return mailboxes;
    }

    public Set<NotifyEvent> events() {
        return events;
    }

    public boolean isSelected() {
        return kind == Kind.SELECTED || kind == Kind.SELECTED_DELAYED;
    }
}
