package org.cpmmss.james.notifications;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;

/** For tests and the lead's hooks: the negative delivery service, called with a message object's bytes. */
public class NotificationsProbe implements GuiceProbe {
    private final NegativeDeliveryNotifier negative;

    @Inject
    public NotificationsProbe(NegativeDeliveryNotifier negative) {
        this.negative = negative;
    }

    public NegativeDeliveryNotifier.Result notifyFailed(byte[] message, String recipient, String reason) {
        return negative.notifyFailed(message, recipient, reason);
    }
}
