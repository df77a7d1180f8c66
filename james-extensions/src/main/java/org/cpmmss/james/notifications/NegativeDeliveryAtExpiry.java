package org.cpmmss.james.notifications;

import javax.inject.Inject;

import org.cpmmss.recording.port.DeferredQueue;
import org.cpmmss.james.deferred.queue.ExpiredDeferredMessageHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queued deferred message deleted at its expiry (the user's {@code deferred-expiry} is {@code delete}) was never
 * delivered: when it asked for {@code negative-delivery}, its originator gets a negative delivery notification
 * through {@link NegativeDeliveryNotifier} (stored for a hosted originator, {@code $delivery-failed}, outbox).
 */
public class NegativeDeliveryAtExpiry implements ExpiredDeferredMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(NegativeDeliveryAtExpiry.class);

    private final NegativeDeliveryNotifier notifier;

    @Inject
    public NegativeDeliveryAtExpiry(NegativeDeliveryNotifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public void deletedAtExpiry(DeferredQueue.Entry entry) {
        String recipient = entry.recipientUri() == null || entry.recipientUri().isBlank() ? entry.owner() : entry.recipientUri();
        NegativeDeliveryNotifier.Result result = notifier.notifyFailed(entry.object(), recipient,
            "expired in the deferred queue and deleted (deferred-expiry: delete)");
        LOGGER.info("deferred message {} for {} deleted at expiry {}: negative delivery notification {}",
            entry.imdnMessageId().orElse(entry.objectKey()), entry.owner(), entry.expires(), result);
    }
}
