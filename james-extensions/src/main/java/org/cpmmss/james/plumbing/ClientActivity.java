package org.cpmmss.james.plumbing;

import javax.inject.Singleton;

/**
 * When a client last asked the server for something (an IMAP request; appends are announced to the search indexer
 * on their own). Background work that can wait, the search indexer's batches, yields to clients: it starts once
 * requests pause and stops between two messages when one comes in. One volatile write per request.
 */
@Singleton
public class ClientActivity {
    /** {@link #lastRequestNanos} before any request. */
    public static final long NONE = Long.MIN_VALUE;

    private volatile long lastRequest = NONE;

    /** A client request arrived now. */
    public void noteRequest() {
        lastRequest = System.nanoTime();
    }

    /** When the last request arrived ({@link System#nanoTime}), {@link #NONE} before the first. */
    public long lastRequestNanos() {
        return lastRequest;
    }
}
