package org.cpmmss.james.search.text;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

/** The {@link MessageTexts} of the messages a test wrote into an index (the store, for an index tested alone). */
public final class ListedMessageTexts implements MessageTexts {
    private final Map<String, MailboxMessage> messages = new ConcurrentHashMap<>();

    public ListedMessageTexts() {
    }

    public ListedMessageTexts(Collection<? extends MailboxMessage> stored) {
        stored.forEach(this::remember);
    }

    /** Records a message as stored; returns it. */
    public MailboxMessage remember(MailboxMessage message) {
        messages.put(TextDocuments.id(message.getMailboxId(), message.getUid()), message);
        return message;
    }

    @Override
    public Map<MessageUid, TextEntry> entries(MailboxId folder, Set<MessageUid> uids) throws IOException {
        Map<MessageUid, TextEntry> entries = new HashMap<>();
        for (MessageUid uid : uids) {
            MailboxMessage message = messages.get(TextDocuments.id(folder, uid));
            if (message != null) {
                entries.put(uid, TextEntry.of(message));
            }
        }
        return entries;
    }
}
