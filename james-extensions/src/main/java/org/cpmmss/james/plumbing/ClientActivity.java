package org.cpmmss.james.plumbing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Singleton;

/**
 * When clients last had the server working for them (IMAP requests; appends are announced to the search indexer on
 * their own). Background work that can wait, the search indexer's batches, yields to clients: it starts once they
 * pause and stops between two messages when one comes in. A request counts from its arrival to its answer, so a long
 * one (a SELECT of a large folder) is not mistaken for a pause — while requests are under way, for {@link #LONGEST}
 * after the last arrival or answer at the most, so that a request whose end were never reported could not keep the
 * server "busy" for ever (a LOGOUT and a connection dropped with a request under way do report it:
 * {@code SearchIndexerYieldsToImapClientsTest}). Two atomic writes per request.
 */
@Singleton
public class ClientActivity {
    /** {@link #lastRequestNanos} before any request. */
    public static final long NONE = Long.MIN_VALUE;
    /** How long requests under way count as activity, at the most, after the last arrival or answer. */
    static final Duration LONGEST = Duration.ofSeconds(10);

    private final long longestNanos;
    private final AtomicInteger underWay = new AtomicInteger();
    private volatile long lastRequest = NONE;

    public ClientActivity() {
        this(LONGEST);
    }

    ClientActivity(Duration longest) {
        this.longestNanos = longest.toNanos();
    }

    /** A client request arrived now and keeps the server busy until {@link #requestEnded}. */
    public void requestStarted() {
        lastRequest = System.nanoTime();
        underWay.incrementAndGet();
    }

    /** A request {@link #requestStarted started} has been answered (or its connection has gone). */
    public void requestEnded() {
        lastRequest = System.nanoTime();
        underWay.decrementAndGet();
    }

    /**
     * When clients last had the server working ({@link System#nanoTime}): now while requests are under way (for
     * {@link #LONGEST} after the last arrival or answer at the most), {@link #NONE} before the first.
     */
    public long lastRequestNanos() {
        long last = lastRequest;
        if (underWay.get() > 0) {
            long now = System.nanoTime();
            if (now - last < longestNanos) {
                return now;
            }
        }
        return last;
    }
}
