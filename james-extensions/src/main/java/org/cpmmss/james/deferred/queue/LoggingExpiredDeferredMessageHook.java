package org.cpmmss.james.deferred.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The shipped {@link ExpiredDeferredMessageHook}: one INFO line per deleted entry, no notification is sent yet. */
public class LoggingExpiredDeferredMessageHook implements ExpiredDeferredMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(LoggingExpiredDeferredMessageHook.class);

    @Override
    public void deletedAtExpiry(DeferredQueue.Entry entry) {
        LOGGER.info("NEGATIVE-DELIVERY-HOOK deferred message {} (imdn {}) for {} from {} deleted at expiry {}: "
                + "a negative delivery notification is due (not sent: no notifier bound)", entry.objectKey(),
            entry.imdnMessageId().orElse("-"), entry.owner(), entry.originatorUri(), entry.expires());
    }
}
