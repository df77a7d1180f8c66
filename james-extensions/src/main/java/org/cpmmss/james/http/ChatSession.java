package org.cpmmss.james.http;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A chat session opened over HTTP, keyed by its Contribution-ID: what later calls of the same session
 * reuse (Conversation-ID, originator, peer, group flag, subject, owners) and whether it has ended.
 */
public record ChatSession(String contributionId, String conversationId, Optional<String> inReplyToContributionId,
                          String originator, String peer, boolean group, Optional<String> subject,
                          List<String> owners, State state, Instant openedAt, Optional<Instant> closedAt) {
    public enum State { OPEN, CLOSED }

    public ChatSession {
        owners = List.copyOf(owners);
    }

    public boolean isClosed() {
        return state == State.CLOSED;
    }
}
