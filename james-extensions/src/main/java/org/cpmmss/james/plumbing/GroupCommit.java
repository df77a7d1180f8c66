package org.cpmmss.james.plumbing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: a writer that has written (not forced) its data takes a ticket, then waits until a force that
 * started after its ticket has completed. One writer at a time forces every target on behalf of all tickets taken so
 * far; the writers queued behind it find their ticket covered and return without a force of their own.
 *
 * <p>Commits that reached only memory when a force failed must never reach the disk with a later force: their
 * writers were told the write failed, and a client that retries would find its first attempt stored too (a
 * duplicate). After a failed force the group runs {@code dropUnforced} (the metadata database is shut down without
 * writing and opened again from its last forced chunk) and records a <em>loss</em>; a target that finds it lost its
 * unforced data by itself (H2 closes a database whose background write failed) reports it with
 * {@link #unforcedLost()}. A writer reads the {@link #epoch()} before it commits and, after
 * {@link #awaitForced}, asks {@link #lost} whether a loss came between its commit and the force that covered it.</p>
 */
public final class GroupCommit {
    private final List<Syncable> targets;
    private final Runnable dropUnforced;
    /** Per loss, in order: the last ticket a completed force covered when it happened. */
    private final List<Long> forcedAtLoss = new CopyOnWriteArrayList<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong forces = new AtomicLong();
    private final ReentrantLock forcing = new ReentrantLock();
    private volatile long forced;

    public GroupCommit(List<Syncable> targets) {
        this(targets, () -> { });
    }

    /** {@code dropUnforced} runs after a failed force: what only memory holds must be dropped, not written later. */
    public GroupCommit(List<Syncable> targets, Runnable dropUnforced) {
        this.targets = List.copyOf(targets);
        this.dropUnforced = dropUnforced;
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
            try {
                dropUnforced.run();
            } catch (RuntimeException dropFailed) {
                e.addSuppressed(dropFailed);
            }
            forcedAtLoss.add(forced);
            throw new UncheckedIOException("force to disk failed", e);
        } finally {
            forcing.unlock();
        }
    }

    /** The number of losses so far: read by a writer before it commits. */
    public long epoch() {
        return forcedAtLoss.size();
    }

    /**
     * Whether the commit of a writer that read {@code epoch} before committing and then took {@code ticket} was lost:
     * a loss came after it and before a force covered it. (A loss recorded after the covering force does not count.)
     */
    public boolean lost(long epoch, long ticket) {
        return epoch < forcedAtLoss.size() && ticket > forcedAtLoss.get((int) epoch);
    }

    /** A target dropped what it held only in memory (H2 closed the database after a failed background write). */
    public void unforcedLost() {
        forcing.lock();
        try {
            forcedAtLoss.add(forced);
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
