package org.cpmmss.james.mailbox.events;

import java.util.Objects;
import java.util.UUID;

import org.apache.james.mailbox.model.MessageId;

/**
 * A message id that can be written into an event and read back on another node: a random UUID. James's
 * {@code DefaultMessageId} (what the embedded store binds with the local bus) refuses to be serialized, so James's
 * event JSON cannot carry an {@code Added} event holding it; with {@code events.backend=rabbitmq} the store's
 * messages get this id instead (the native store keeps it as text beside each message).
 */
public final class UuidMessageId implements MessageId {
    /** Generates and parses {@link UuidMessageId}s. */
    public static final class Factory implements MessageId.Factory {
        @Override
        public MessageId fromString(String serialized) {
            return new UuidMessageId(UUID.fromString(serialized));
        }

        @Override
        public MessageId generate() {
            return new UuidMessageId(UUID.randomUUID());
        }
    }

    private final UUID value;

    private UuidMessageId(UUID value) {
        this.value = value;
    }

    @Override
    public String serialize() {
        return value.toString();
    }

    @Override
    public boolean isSerializable() {
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UuidMessageId that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return "UuidMessageId{" + value + "}";
    }
}
