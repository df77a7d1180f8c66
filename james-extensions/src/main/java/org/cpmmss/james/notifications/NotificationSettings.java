package org.cpmmss.james.notifications;

/**
 * Operator policy for disposition notifications (from {@link org.cpmmss.recording.policy.CpmPolicy}, conf/cpm.properties).
 *
 * @param aggregate {@code cpm.notifications.aggregate} (default false): in group chats the originator's
 *                  store keeps one aggregate object per message instead of every member's notification
 */
public record NotificationSettings(boolean aggregate) {
    public static final String AGGREGATE = "cpm.notifications.aggregate";

    public static NotificationSettings defaults() {
        return new NotificationSettings(false);
    }
}
