package org.cpmmss.james.sip;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The deferred-message queue of delivery options 1 (notify) and 2 (push) of the seed's 5.2.5, as far as
 * the SIP bridge needs it: it adds entries when a deferred message is handed to a user whose preference is
 * {@code notify} or {@code push} (answered 202), lists a user's entries to push them when a client registers
 * (5.2.5.2) and removes each entry a client acknowledged with 2xx.
 *
 * <p>A small interface so that the deferred-messages issue can replace {@link H2DeferredQueue} (the
 * bridge's own H2 file under the data directory) with the project-wide queue without touching the bridge.
 * Entries past their expiry are not listed; what then happens to them (delete or hand over, the user's
 * {@code deferred-expiry}) belongs to that issue.</p>
 */
public interface DeferredQueue {
    /** One queued message for one recipient account. {@code cpim} is the message/cpim body as received. */
    record Entry(long id, String account, String recipientUri, String originatorUri, Optional<String> conversationId,
                 Optional<String> contributionId, Optional<String> imdnMessageId, byte[] cpim, Instant queuedAt,
                 Instant expires) {
    }

    /** Adds an entry durably (committed when this returns); returns its id. */
    long add(String account, String recipientUri, String originatorUri, Optional<String> conversationId,
             Optional<String> contributionId, Optional<String> imdnMessageId, byte[] cpim, Instant expires);

    /** The account's unexpired entries, oldest first. */
    List<Entry> list(String account);

    /** Removes an entry (delivered); false if it was already gone (e.g. delivered by another device). */
    boolean remove(long id);
}
