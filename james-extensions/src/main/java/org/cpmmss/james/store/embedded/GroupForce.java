package org.cpmmss.james.store.embedded;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.cpmmss.james.plumbing.GroupCommit;
import org.cpmmss.james.store.api.SharedForce;
import org.cpmmss.james.store.api.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SharedForce} on the embedded store's group commit: each write made with it commits and takes its ticket
 * ({@link Transactor#write(Transactor.Work, SharedForce)}; a write on its own is a group of one, completed by the
 * transactor before it returns); {@link #complete()} waits for one force covering the
 * highest ticket — one H2 chunk and one pair of fdatasync for all of them, where each write on its own would have
 * had its own — then, write by write, checks that no failed force dropped it meanwhile
 * ({@link GroupCommit#lost}), runs what it does once durable and settles its announcement.
 */
final class GroupForce implements SharedForce {
    private static final Logger LOGGER = LoggerFactory.getLogger(GroupForce.class);

    /** One committed write waiting for the force. */
    private static final class Write {
        private final long epoch;
        private final long ticket;
        private final List<Runnable> afterDurable;
        private final List<Consumer<Boolean>> settled = new ArrayList<>(1);

        private Write(long epoch, long ticket, List<Runnable> afterDurable) {
            this.epoch = epoch;
            this.ticket = ticket;
            this.afterDurable = afterDurable;
        }
    }

    private final GroupCommit groupCommit;
    private final List<Write> writes = new ArrayList<>();
    private final List<Runnable> whenCompleted = new ArrayList<>(1);
    private boolean completed;

    GroupForce(GroupCommit groupCommit) {
        this.groupCommit = groupCommit;
    }

    @Override
    public boolean defers() {
        return true;
    }

    /** Whether writes on {@code commit} may join this force (it is the same store's group commit). */
    boolean joins(GroupCommit commit) {
        return commit == groupCommit;
    }

    /** Refuses a write once the force has completed (checked before the write runs: nothing of it is committed). */
    synchronized void checkOpen() {
        if (completed) {
            throw new IllegalStateException("a write joined a shared force already completed");
        }
    }

    /** A write committed under {@code ticket} (the group's epoch read before its commit) joins the force. */
    synchronized void add(long epoch, long ticket, List<Runnable> afterDurable) {
        if (completed) {
            throw new IllegalStateException("a write joined a shared force already completed");
        }
        writes.add(new Write(epoch, ticket, List.copyOf(afterDurable)));
    }

    /** Runs {@code outcome} when the write made last with this force is settled (it is durable, or it is lost). */
    @Override
    public synchronized void whenSettled(Consumer<Boolean> outcome) {
        if (writes.isEmpty() || completed) {
            throw new IllegalStateException("no write of this shared force is waiting to be settled");
        }
        writes.get(writes.size() - 1).settled.add(outcome);
    }

    @Override
    public synchronized void whenCompleted(Runnable action) {
        if (completed) {
            throw new IllegalStateException("the shared force has completed");
        }
        whenCompleted.add(action);
    }

    @Override
    public void complete() {
        try {
            settleAll();
        } finally {
            List<Runnable> after;
            synchronized (this) {
                after = List.copyOf(whenCompleted); // none can be added once completed
            }
            for (Runnable action : after) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOGGER.warn("An action after a shared force failed", e);
                }
            }
        }
    }

    private void settleAll() {
        List<Write> pending;
        synchronized (this) {
            if (completed) {
                throw new IllegalStateException("a shared force completes once");
            }
            completed = true;
            pending = List.copyOf(writes);
        }
        if (pending.isEmpty()) {
            return;
        }
        StoreException failure = null;
        try {
            groupCommit.awaitForced(pending.stream().mapToLong(w -> w.ticket).max().getAsLong());
        } catch (UncheckedIOException e) {
            failure = new StoreException("metadata write not forced to disk; nothing of it was kept", e);
        }
        int lost = 0;
        for (Write write : pending) {
            boolean durable = failure == null && !groupCommit.lost(write.epoch, write.ticket);
            if (durable) {
                write.afterDurable.forEach(Runnable::run);
            } else {
                lost++;
            }
            for (Consumer<Boolean> outcome : write.settled) {
                try {
                    outcome.accept(durable);
                } catch (RuntimeException e) {
                    LOGGER.warn("Settling a write of a shared force failed", e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (lost == pending.size()) {
            // committed in memory, then dropped with everything unforced after a failed force (or a failed write)
            throw new StoreException("metadata write dropped after a failed force; nothing of it was kept");
        }
        if (lost > 0) {
            throw new StoreException(lost + " of " + pending.size()
                + " writes dropped after a failed force; the others are stored");
        }
    }
}
