package org.cpmmss.james.http;

import java.time.Instant;
import java.util.Optional;

/**
 * Durable state of the chat sessions opened over HTTP. Every write is committed when the call returns:
 * a door that answered success after it must find the same state after a crash.
 */
public interface SessionRepository {
    Optional<ChatSession> find(String contributionId);

    /** Records an open session; an existing entry with the same Contribution-ID is left as it is. */
    void open(ChatSession session);

    /** Marks a session closed (idempotent). */
    void close(String contributionId, Instant at);
}
