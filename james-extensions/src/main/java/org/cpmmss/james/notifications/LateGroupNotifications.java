package org.cpmmss.james.notifications;

import java.nio.charset.StandardCharsets;

import javax.inject.Inject;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.mime.HeaderBlock;
import org.cpmmss.cpm.mime.MimeLimits;
import org.cpmmss.james.outbound.OutboxSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Late notifications of a group chat: a member's first delivery or display report about a group-chat message
 * that reached the member as a deferred hand-over (the session was over by then) cannot travel in that session
 * any more. It is sent to the originator as a separate pager-mode message through the notification outbox: the
 * notification object with its {@code Contribution-ID} removed and {@code InReplyTo-Contribution-ID} naming the
 * ended session instead (it is still stored as usual, with its own headers, by the pipeline).
 */
public class LateGroupNotifications {
    private static final Logger LOGGER = LoggerFactory.getLogger(LateGroupNotifications.class);

    private final OutboxSender outbox;
    private final HostedAccounts accounts;

    @Inject
    public LateGroupNotifications(OutboxSender outbox, HostedAccounts accounts) {
        this.outbox = outbox;
        this.accounts = accounts;
    }

    /** Queues the pager-mode copy of {@code notification} (key {@code key}) for {@code originator}; true when queued. */
    public boolean send(String key, byte[] notification, CpmAddress originator) {
        try {
            byte[] pager = pagerMode(notification);
            boolean queued = outbox.submit("late:" + key, accounts.envelopeRecipient(originator), pager);
            LOGGER.info("late group notification {} for {}: queued as a pager-mode message {}", key, originator.uri(), queued);
            return queued;
        } catch (CpmFormatException | RuntimeException e) {
            LOGGER.warn("cannot send the late group notification {} to {}", key, originator.uri(), e);
            return false;
        }
    }

    /** The notification with {@code Contribution-ID} replaced by {@code InReplyTo-Contribution-ID} (same value). */
    static byte[] pagerMode(byte[] notification) throws CpmFormatException {
        HeaderBlock block = HeaderBlock.parse(notification, 0, MimeLimits.DEFAULT, true, "notification header");
        for (int i = 0; i < block.fields().size(); i++) {
            if (block.fields().get(i).is("Contribution-ID")) {
                String value = block.fields().get(i).value().trim();
                byte[] line = ("InReplyTo-Contribution-ID: " + value + "\r\n").getBytes(StandardCharsets.US_ASCII);
                int start = block.fieldStart(i);
                int end = block.fieldEnd(i);
                byte[] out = new byte[notification.length - (end - start) + line.length];
                System.arraycopy(notification, 0, out, 0, start);
                System.arraycopy(line, 0, out, start, line.length);
                System.arraycopy(notification, end, out, start + line.length, notification.length - end);
                return out;
            }
        }
        return notification;
    }
}
