package org.cpmmss.james.deferred.queue;

/**
 * Where a negative delivery notification must be sent: a queued deferred message was deleted at expiry (the
 * user's {@code deferred-expiry} is {@code delete}) without ever being delivered. The shipped binding,
 * {@link LoggingExpiredDeferredMessageHook}, only logs it; the notifications code (negative delivery, seed 5.2.6)
 * is to be bound here instead.
 */
public interface ExpiredDeferredMessageHook {
    void deletedAtExpiry(DeferredQueue.Entry entry);
}
