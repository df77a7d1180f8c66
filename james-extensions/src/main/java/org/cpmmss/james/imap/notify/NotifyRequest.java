package org.cpmmss.james.imap.notify;

import java.util.List;

import org.apache.james.imap.api.Tag;
import org.apache.james.imap.message.request.AbstractImapRequest;

/** {@code NOTIFY NONE} (no filters) or {@code NOTIFY SET [STATUS] filter...} (RFC 5465). */
public final class NotifyRequest extends AbstractImapRequest {
    private final boolean none;
    private final boolean sendStatus;
    private final List<NotifyFilter> filters;
    private final List<String> unsupportedEvents;

    private NotifyRequest(Tag tag, boolean none, boolean sendStatus, List<NotifyFilter> filters, List<String> unsupportedEvents) {
        super(tag, NotifyImapPackage.NOTIFY);
        this.none = none;
        this.sendStatus = sendStatus;
        this.filters = List.copyOf(filters);
        this.unsupportedEvents = List.copyOf(unsupportedEvents);
    }

    public static NotifyRequest none(Tag tag) {
        return new NotifyRequest(tag, true, false, List.of(), List.of());
    }

    public static NotifyRequest set(Tag tag, boolean sendStatus, List<NotifyFilter> filters, List<String> unsupportedEvents) {
        return new NotifyRequest(tag, false, sendStatus, filters, unsupportedEvents);
    }

    /** Event names the client asked for that this server does not report (the command then fails). */
    public List<String> getUnsupportedEvents() {
        return unsupportedEvents;
    }

    public boolean isNone() {
        return none;
    }

    /** The {@code STATUS} indicator: send the current STATUS of every matching mailbox now. */
    public boolean isSendStatus() {
        return sendStatus;
    }

    public List<NotifyFilter> getFilters() {
        return filters;
    }
}
