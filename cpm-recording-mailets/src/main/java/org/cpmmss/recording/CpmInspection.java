package org.cpmmss.recording;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.object.CpmObjectType;

/**
 * What the pipeline learnt from one valid CPM object: its type, its idempotency key, its originator, its
 * ids and whether it belongs to a group conversation (when the object itself says so).
 *
 * @param key idempotency key: {@code imdn:<IMDN-Message-ID>}, else {@code mid:<Message-ID>}, else
 *            {@code sha256:<hash of the submitted bytes>}
 * @param originator normalised {@code From} header, else the CPIM {@code From}
 * @param to normalised {@code To} header addresses (may be empty)
 * @param group true/false when the object tells (Group State Object, session info, FT history, several
 *              {@code To}), empty when only the conversation's history can tell
 * @param sessionEnded the object carries {@code CPM-Session-State: ended}
 * @param reportedMessageId for a disposition notification, the IMDN id of the message it reports on
 */
public record CpmInspection(CpmObjectType type, String key, CpmAddress originator, List<CpmAddress> to,
                            Optional<String> conversationId, Optional<String> contributionId,
                            Optional<Boolean> group, boolean sessionEnded, Optional<String> reportedMessageId) {
    public CpmInspection {
        Objects.requireNonNull(type);
        Objects.requireNonNull(key);
        Objects.requireNonNull(originator);
        to = List.copyOf(to);
        Objects.requireNonNull(conversationId);
        Objects.requireNonNull(contributionId);
        Objects.requireNonNull(group);
        Objects.requireNonNull(reportedMessageId);
    }

    /** Objects that belong to a session (its folder under the oma layout): everything but standalone-only kinds. */
    public boolean sessionKind() {
        return switch (type) {
            case SESSION_INFO, SESSION_HISTORY, GROUP_STATE -> true;
            default -> false;
        };
    }
}
