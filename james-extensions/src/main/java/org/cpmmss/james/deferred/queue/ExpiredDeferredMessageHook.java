package org.cpmmss.james.deferred.queue;

import org.cpmmss.recording.port.DeferredQueue;

/**
 * Where a negative delivery notification must be sent: a queued deferred message was deleted at expiry (the
 * user's {@code deferred-expiry} is {@code delete}) without ever being delivered. Bound to
 * {@code org.cpmmss.james.notifications.NegativeDeliveryAtExpiry} (negative delivery notification, seed 5.2.6).
 */
public interface ExpiredDeferredMessageHook {
    void deletedAtExpiry(DeferredQueue.Entry entry);
}
