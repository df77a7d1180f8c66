package org.cpmmss.james.imap.notify;

import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.message.response.ImapResponseMessage;

/**
 * The unsolicited LIST of RFC 5465 MailboxName / SubscriptionChange events:
 * {@code * LIST () "/" "new"}, {@code * LIST (\NonExistent) "/" "gone"}, {@code * LIST (\Subscribed) "/" "x"},
 * {@code * LIST () "/" "new" ("OLDNAME" ("old"))}.
 */
public final class MailboxNameResponse implements ImapResponseMessage {
    private final List<String> attributes;
    private final char delimiter;
    private final String name;
    private final Optional<String> oldName;

    public MailboxNameResponse(List<String> attributes, char delimiter, String name, Optional<String> oldName) {
        this.attributes = List.copyOf(attributes);
        this.delimiter = delimiter;
        this.name = name;
        this.oldName = oldName;
    }

    public List<String> getAttributes() {
        return attributes;
    }

    public char getDelimiter() {
        return delimiter;
    }

    public String getName() {
        return name;
    }

    public Optional<String> getOldName() {
        return oldName;
    }
}
