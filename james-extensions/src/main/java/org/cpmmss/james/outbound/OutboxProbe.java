package org.cpmmss.james.outbound;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;

/** For tests and tools: run one sending round now, count outbox entries by state. */
public class OutboxProbe implements GuiceProbe {
    private final OutboxSender sender;
    private final NotificationOutbox outbox;

    @Inject
    public OutboxProbe(OutboxSender sender, NotificationOutbox outbox) {
        this.sender = sender;
        this.outbox = outbox;
    }

    public int drain() {
        return sender.drain();
    }

    public long count(NotificationOutbox.State state) {
        return outbox.count(state);
    }

    /** Every queued entry, whenever it is due. */
    public java.util.List<NotificationOutbox.Entry> queued() {
        return outbox.due(java.time.Instant.now().plus(java.time.Duration.ofDays(36_500)), 10_000);
    }

    public java.util.Optional<NotificationOutbox.Entry> entry(String id) {
        return outbox.get(id);
    }
}
