package org.cpmmss.james.store.api;

import java.util.function.Consumer;

/**
 * Writes forced together: the copies of one recorded object for all its owners. A write made with a shared force
 * commits and returns without waiting for a force of its own; {@link #complete()} then forces every write made with
 * it at once and runs what each one does once durable. Until {@code complete()} has returned, nothing written with
 * it may be acknowledged or announced: should the force fail, none of the writes is kept, and {@code complete()}
 * says so.
 *
 * <p>A store whose writes are durable when they return (PostgreSQL: each commit is flushed) has nothing to share:
 * {@link #IMMEDIATE} does not defer, and completes at once.</p>
 */
public interface SharedForce {
    /** The mailbox-session attribute under which the recording pipeline hands a shared force to the store's append. */
    String SESSION_ATTRIBUTE = "cpm.shared-force";

    /** No sharing: every write is forced before it returns. */
    SharedForce IMMEDIATE = new SharedForce() {
        @Override
        public boolean defers() {
            return false;
        }

        @Override
        public void whenSettled(Consumer<Boolean> outcome) {
            throw new IllegalStateException("an immediate write has nothing to settle");
        }

        @Override
        public void complete() {
        }
    };

    /** Whether writes made with this force wait for {@link #complete()} (false: each is durable when it returns). */
    boolean defers();

    /**
     * Runs {@code outcome} when {@link #complete()} settles the writes made so far: {@code true} once they are
     * durable, {@code false} when they are lost (the force failed). Registered by the layer that announces a write.
     */
    void whenSettled(Consumer<Boolean> outcome);

    /**
     * Runs {@code action} at the end of {@link #complete()}, once every write made with this force is settled (durable
     * or lost), whether or not the force failed. Registered by the layer that announces writes in batches.
     */
    default void whenCompleted(Runnable action) {
        throw new IllegalStateException("writes with this force are not deferred");
    }

    /**
     * Forces every write made with this force, then runs what each does once durable and the settlement callbacks.
     *
     * @throws StoreException when the force failed: none of the writes is kept, nothing of them may be acknowledged
     */
    void complete();
}
