package org.cpmmss.james.store.mailbox;

import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.ThreadId;

/**
 * Stores and restores James message and thread ids as text. A backend whose ids cannot be serialized (James's
 * {@code DefaultMessageId}, as bound with the JPA mailbox) is stored as an empty string and restored as a fresh id.
 */
final class MessageIds {
    private final MessageId.Factory factory;

    MessageIds(MessageId.Factory factory) {
        this.factory = factory;
    }

    String text(MessageId id) {
        try {
            return id == null ? "" : id.serialize();
        } catch (RuntimeException notSerializable) {
            return "";
        }
    }

    String text(ThreadId threadId) {
        return threadId == null ? "" : text(threadId.getBaseMessageId());
    }

    MessageId messageId(String text) {
        return text == null || text.isEmpty() ? factory.generate() : factory.fromString(text);
    }

    ThreadId threadId(String text, MessageId messageId) {
        if (text == null || text.isEmpty()) {
            return ThreadId.fromBaseMessageId(messageId);
        }
        return ThreadId.fromBaseMessageId(factory.fromString(text));
    }
}
