package org.cpmmss.james.search.text;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

/** The {@link StoredTexts} of the messages a test wrote into an index (the store, for an index tested alone). */
public final class ListedStoredTexts implements StoredTexts {
    private final Map<String, MailboxMessage> messages = new ConcurrentHashMap<>();

    public ListedStoredTexts() {
    }

    public ListedStoredTexts(Collection<? extends MailboxMessage> stored) {
        stored.forEach(this::remember);
    }

    /** Records a message as stored; returns it. */
    public MailboxMessage remember(MailboxMessage message) {
        messages.put(TextDocuments.id(message.getMailboxId(), message.getUid()), message);
        return message;
    }

    @Override
    public Map<MessageUid, String> bodies(MailboxId folder, Set<MessageUid> uids) throws IOException {
        return texts(folder, uids, MailboxMessage::getFullContent, StoredTexts::bodyOf);
    }

    @Override
    public Map<MessageUid, HeaderFields> headers(MailboxId folder, Set<MessageUid> uids) throws IOException {
        return texts(folder, uids, MailboxMessage::getHeaderContent, HeaderFields::parse);
    }

    private <T> Map<MessageUid, T> texts(MailboxId folder, Set<MessageUid> uids, Part part,
                                         Function<byte[], T> extract) throws IOException {
        Map<MessageUid, T> texts = new HashMap<>();
        for (MessageUid uid : uids) {
            MailboxMessage message = messages.get(TextDocuments.id(folder, uid));
            if (message != null) {
                try (InputStream content = part.of(message)) {
                    texts.put(uid, extract.apply(content.readAllBytes()));
                }
            }
        }
        return texts;
    }

    @FunctionalInterface
    private interface Part {
        InputStream of(MailboxMessage message) throws IOException;
    }
}
