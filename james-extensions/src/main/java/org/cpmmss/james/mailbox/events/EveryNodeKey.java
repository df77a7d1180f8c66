package org.cpmmss.james.mailbox.events;

import org.apache.james.events.RegistrationKey;

/**
 * The event-bus registration key that every mailbox event carries ({@link EveryNodeEventBus} adds it): a listener
 * registered under it on each node hears every event of the cluster on every node, whichever node caused it. It is
 * how per-connection state reaches the node that holds the connection (IMAP NOTIFY), where a group listener would
 * run on one node only. On RabbitMQ the key is a binding of each node's own (auto-deleted) queue.
 */
public final class EveryNodeKey implements RegistrationKey {
    public static final EveryNodeKey INSTANCE = new EveryNodeKey();
    private static final String VALUE = "every-node";

    /** Reads the key back from a RabbitMQ routing key (bound in the RabbitMQ event bus's factories). */
    public static final class Factory implements RegistrationKey.Factory {
        @Override
        public Class<? extends RegistrationKey> forClass() {
            return EveryNodeKey.class;
        }

        @Override
        public RegistrationKey fromString(String asString) {
            if (!VALUE.equals(asString)) {
                throw new IllegalArgumentException("not an every-node key: " + asString);
            }
            return INSTANCE;
        }
    }

    private EveryNodeKey() {
    }

    @Override
    public String asString() {
        return VALUE;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EveryNodeKey;
    }

    @Override
    public int hashCode() {
        return VALUE.hashCode();
    }

    @Override
    public String toString() {
        return "EveryNodeKey";
    }
}
