package org.cpmmss.james.plumbing;

import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Singleton;

/**
 * When clients last had the server working for them (IMAP requests; appends are announced to the search indexer on
 * their own). Background work that can wait, the search indexer's batches, yields to clients: it starts once they
 * pause and stops between two messages when one comes in. A request counts from its arrival to its answer, so a long
 * one (a SELECT of a large folder) is not mistaken for a pause. Two atomic writes per request.
 */
@Singleton
public class ClientActivity {
    /** {@link #lastRequestNanos} before any request. */
    public static final long NONE = Long.MIN_VALUE;

    private final AtomicInteger underWay = new AtomicInteger();
    private volatile long lastRequest = NONE;

    /** A client request arrived now and keeps the server busy until {@link #requestEnded}. */
    public void requestStarted() {
        lastRequest = System.nanoTime();
        underWay.incrementAndGet();
    }

    /** A request {@link #requestStarted started} has been answered. */
    public void requestEnded() {
        lastRequest = System.nanoTime();
        underWay.decrementAndGet();
    }

    /**
     * When clients last had the server working ({@link System#nanoTime}): now while a request is under way,
     * {@link #NONE} before the first.
     */
    public long lastRequestNanos() {
        return underWay.get() > 0 ? System.nanoTime() : lastRequest;
    }
}
