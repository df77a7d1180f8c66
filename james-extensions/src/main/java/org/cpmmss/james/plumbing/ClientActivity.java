package org.cpmmss.james.plumbing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Singleton;

/**
 * When clients last had the server working for them (IMAP requests; appends are announced to the search indexer on
 * their own). Background work that can wait, the search indexer's batches, yields to clients: it starts once they
 * pause and stops between two messages when one comes in. A request counts from its arrival to its answer, so a long
 * one (a SELECT of a large folder) is not mistaken for a pause — for {@link #LONGEST} at the most, so that a
 * request whose end were never reported could not keep the server "busy" for ever (a LOGOUT and a connection dropped
 * with a request under way do report it: {@code SearchIndexerYieldsToImapClientsTest}).
 */
@Singleton
public class ClientActivity {
    /** {@link #lastRequestNanos} before any request. */
    public static final long NONE = Long.MIN_VALUE;
    /** How long a request under way counts as activity at the most. */
    static final Duration LONGEST = Duration.ofSeconds(10);

    private final long longestNanos;
    private final AtomicLong requests = new AtomicLong();
    /** The requests under way: their start ({@link System#nanoTime}). */
    private final Map<Long, Long> underWay = new ConcurrentHashMap<>();
    private volatile long lastRequest = NONE;

    public ClientActivity() {
        this(LONGEST);
    }

    ClientActivity(Duration longest) {
        this.longestNanos = longest.toNanos();
    }

    /** A client request arrived now and keeps the server busy until {@link #requestEnded} with what this returns. */
    public long requestStarted() {
        long now = System.nanoTime();
        lastRequest = now;
        long request = requests.incrementAndGet();
        underWay.put(request, now);
        return request;
    }

    /** A request {@link #requestStarted started} has been answered (or its connection has gone). */
    public void requestEnded(long request) {
        lastRequest = System.nanoTime();
        underWay.remove(request);
    }

    /**
     * When clients last had the server working ({@link System#nanoTime}): now while a request is under way (for
     * {@link #LONGEST} at the most; older ones are forgotten here), {@link #NONE} before the first.
     */
    public long lastRequestNanos() {
        if (underWay.isEmpty()) {
            return lastRequest;
        }
        long now = System.nanoTime();
        boolean busy = false;
        for (Map.Entry<Long, Long> request : underWay.entrySet()) {
            if (now - request.getValue() < longestNanos) {
                busy = true;
            } else {
                underWay.remove(request.getKey(), request.getValue());
            }
        }
        return busy ? now : lastRequest;
    }
}
