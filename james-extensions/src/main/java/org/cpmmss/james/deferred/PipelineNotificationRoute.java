package org.cpmmss.james.deferred;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.james.notifications.LateGroupNotifications;
import org.cpmmss.james.notifications.NegativeDeliveryNotifier;
import org.cpmmss.recording.CpmInspection;
import org.cpmmss.recording.port.NotificationRoute;

/**
 * The notifications the pipeline originates ({@link NotificationRoute}): positive and negative delivery
 * notifications of a deferred hand-over, and late group-chat reports, each by its generator.
 */
public class PipelineNotificationRoute implements NotificationRoute {
    private final PositiveDeliveryNotifier positive;
    private final NegativeDeliveryNotifier negative;
    private final LateGroupNotifications late;

    @Inject
    public PipelineNotificationRoute(PositiveDeliveryNotifier positive, NegativeDeliveryNotifier negative,
                                     LateGroupNotifications late) {
        this.positive = positive;
        this.negative = negative;
        this.late = late;
    }

    @Override
    public void delivered(CpmInspection object, String messageId, MailAddress recipient) {
        positive.notifyDelivered(object, messageId, recipient);
    }

    @Override
    public void failed(byte[] message, String recipient, String reason) {
        negative.notifyFailed(message, recipient, reason);
    }

    @Override
    public void lateGroupNotification(String key, byte[] notification, CpmAddress originator) {
        late.send(key, notification, originator);
    }
}
