package org.cpmmss.james.store.api;

/**
 * The storage of the mailbox backend: metadata (folders, messages, annotations, subscriptions) and message bytes.
 * The James mapper adapters only use this interface, so an implementation on another engine (PostgreSQL) plugs in
 * without touching them. Implementations are thread-safe.
 */
public interface MailStorage extends AutoCloseable {
    FolderStore folders();

    MessageStore messages();

    ContentReader content();

    AnnotationStore annotations();

    SubscriptionStore subscriptions();

    /** The idempotency keys recorded with their messages. */
    RecordedKeys recordedKeys();

    /**
     * A new {@link SharedForce} for appends to be forced together ({@link SharedForce#IMMEDIATE} where every write is
     * durable on its own when it returns).
     */
    default SharedForce shareForce() {
        return SharedForce.IMMEDIATE;
    }

    @Override
    void close();
}
