package org.cpmmss.james.plumbing;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Forces one target on a thread of its own while the thread that asked goes on with other work, then lets that thread
 * wait for the outcome: the store's leader of a group commit starts the segment's {@code fdatasync} here and writes the
 * metadata chunk meanwhile (docs/store.md, "Commit and force protocol"). One force at a time; only the thread that
 * started a force waits for it ({@link #awaitStartedHere}); the others find nothing to wait for.
 *
 * <p>The hand-over is a park/unpark pair, not an executor: the force thread is woken once per group and the leader,
 * which has a chunk to serialise, usually finds the force done when it comes to wait.</p>
 */
public final class ForceAlongside implements AutoCloseable {
    private static final int IDLE = 0;
    private static final int ASKED = 1;
    private static final int DONE = 2;

    private final Syncable target;
    private final Thread thread;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private volatile Thread starter;
    private volatile Throwable failure;
    private volatile boolean closed;

    public ForceAlongside(Syncable target, String threadName) {
        this.target = target;
        this.thread = new Thread(this::serve, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts a force of the target; the calling thread must {@link #awaitStartedHere} before it starts another. */
    public void start() {
        if (state.get() != IDLE) {
            throw new IllegalStateException("a force is already in flight");
        }
        failure = null;
        starter = Thread.currentThread();
        if (closed) {
            // no force thread any more (the store is closing): the force runs here
            try {
                target.sync();
            } catch (Throwable e) {
                failure = e;
            }
            state.set(DONE);
            return;
        }
        state.set(ASKED);
        LockSupport.unpark(thread);
    }

    /**
     * Waits for the force this thread started, if any, and throws its failure; returns at once on any other thread
     * or when none is in flight.
     */
    public void awaitStartedHere() throws IOException {
        if (starter != Thread.currentThread() || state.get() == IDLE) {
            return;
        }
        while (state.get() != DONE) {
            LockSupport.park(this);
        }
        Throwable failed = failure;
        starter = null;
        state.set(IDLE);
        if (failed instanceof IOException io) {
            throw io;
        }
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failed instanceof Error error) {
            throw error;
        }
    }

    /** As {@link #awaitStartedHere}, its failure dropped (the caller already fails for another reason). */
    public void awaitQuietly() {
        try {
            awaitStartedHere();
        } catch (IOException | RuntimeException ignored) {
            // the caller's own failure is the one reported
        }
    }

    private void serve() {
        while (!closed) {
            if (state.get() != ASKED) {
                LockSupport.park(this);
                continue;
            }
            try {
                target.sync();
            } catch (Throwable e) {
                failure = e;
            }
            Thread waiting = starter;
            state.set(DONE);
            LockSupport.unpark(waiting);
        }
        if (state.get() == ASKED) {
            // closed with a force asked: report it failed rather than leave its starter waiting
            failure = new IOException("force thread closed");
            Thread waiting = starter;
            state.set(DONE);
            LockSupport.unpark(waiting);
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
