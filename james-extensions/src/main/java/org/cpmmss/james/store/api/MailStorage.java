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

    /**
     * A number that grows after every committed change that can change what a folder's METADATA entries read when the
     * folder is looked up by name: an entry written or removed, a folder renamed or deleted (a new folder has no
     * entries). Empty where such changes can also be made by another process (a database shared by several nodes):
     * nothing read from the entries may then be kept.
     */
    default java.util.OptionalLong entriesGeneration() {
        return java.util.OptionalLong.empty();
    }

    @Override
    void close();
}
