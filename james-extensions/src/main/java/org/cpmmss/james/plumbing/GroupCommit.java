package org.cpmmss.james.plumbing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: a writer that has written (not forced) its data takes a ticket, then waits until a force that
 * started after its ticket has completed. One writer at a time forces every target on behalf of all tickets taken so
 * far; the writers queued behind it find their ticket covered and return without a force of their own.
 */
public final class GroupCommit {
    private final List<Syncable> targets;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong forces = new AtomicLong();
    private final ReentrantLock forcing = new ReentrantLock();
    private volatile long forced;

    public GroupCommit(List<Syncable> targets) {
        this.targets = List.copyOf(targets);
    }

    /** Called after a write has reached the OS (write/commit returned): the ticket to wait for. */
    public long written() {
        return written.incrementAndGet();
    }

    /** Returns once everything written up to {@code ticket} is forced to disk. */
    public void awaitForced(long ticket) {
        if (forced >= ticket) {
            return;
        }
        forcing.lock();
        try {
            if (forced >= ticket) {
                return;
            }
            long upTo = written.get();
            for (Syncable target : targets) {
                target.sync();
            }
            forces.incrementAndGet();
            forced = upTo;
        } catch (IOException e) {
            throw new UncheckedIOException("force to disk failed", e);
        } finally {
            forcing.unlock();
        }
    }

    /** Writes then forces: the usual path of one write. */
    public void commit() {
        awaitForced(written());
    }

    /** Number of forces done so far (for tests and metrics). */
    public long forceCount() {
        return forces.get();
    }

    /** The last ticket handed out (for tests: how many writes have reached the OS). */
    public long lastTicket() {
        return written.get();
    }
}
