package org.cpmmss.james.store.mailbox;

import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;

/**
 * Stores and restores James message and thread ids as text. A backend whose ids cannot be serialized (James's
 * {@code DefaultMessageId}, as bound with the JPA mailbox) is stored as an empty string and restored as a fresh id;
 * so is a stored id that the bound factory cannot read (a {@code UuidMessageId} written while the server ran with
 * {@code events.backend=rabbitmq}, read back with the local bus's {@code DefaultMessageId}).
 */
final class MessageIds {
    private final MessageId.Factory factory;

    MessageIds(MessageId.Factory factory) {
        this.factory = factory;
    }

    String text(MessageId id) {
        if (id == null || id instanceof DefaultMessageId) {
            return ""; // DefaultMessageId.serialize() always throws: not asked, as an exception per append costs its stack trace
        }
        try {
            return id.serialize();
        } catch (RuntimeException notSerializable) {
            return "";
        }
    }

    String text(ThreadId threadId) {
        return threadId == null ? "" : text(threadId.getBaseMessageId());
    }

    MessageId messageId(String text) {
        MessageId read = read(text);
        return read == null ? factory.generate() : read;
    }

    ThreadId threadId(String text, MessageId messageId) {
        MessageId base = read(text);
        return ThreadId.fromBaseMessageId(base == null ? messageId : base);
    }

    /** The id {@code text} holds, or null when it holds none the factory can read. */
    private MessageId read(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return factory.fromString(text);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
