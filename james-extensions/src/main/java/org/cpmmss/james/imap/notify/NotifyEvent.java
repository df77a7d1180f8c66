package org.cpmmss.james.imap.notify;

import java.util.Arrays;
import java.util.Optional;

/** The RFC 5465 events this server can report. */
public enum NotifyEvent {
    MESSAGE_NEW("MessageNew"),
    MESSAGE_EXPUNGE("MessageExpunge"),
    FLAG_CHANGE("FlagChange"),
    MAILBOX_NAME("MailboxName"),
    SUBSCRIPTION_CHANGE("SubscriptionChange");

    private final String wireName;

    NotifyEvent(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<NotifyEvent> fromWire(String name) {
        return Arrays.stream(values()).filter(event -> event.wireName.equalsIgnoreCase(name)).findFirst();
    }
}
