package org.cpmmss.recording.port;

import org.apache.james.core.MailAddress;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.recording.CpmInspection;

/**
 * The notifications the pipeline originates itself, towards the PF (through the notification outbox) and into the
 * hosted originator's store. Never throws: a notification that cannot be generated is logged by the adapter.
 * Adapters: {@code PositiveDeliveryNotifier}, {@code NegativeDeliveryNotifier}, {@code LateGroupNotifications}
 * (james-extensions), joined by {@code PipelineNotificationRoute}.
 */
public interface NotificationRoute {
    /** The positive delivery notification of a handed-over message that asked for one ({@code messageId}: its IMDN id). */
    void delivered(CpmInspection object, String messageId, MailAddress recipient);

    /** The negative delivery notification ({@code failed}) of {@code message} for {@code recipient}. */
    void failed(byte[] message, String recipient, String reason);

    /**
     * A member's first report about a group-chat message it got as a deferred hand-over: the session is over, so
     * the report goes to {@code originator} as a separate pager-mode message.
     */
    void lateGroupNotification(String key, byte[] notification, CpmAddress originator);
}
