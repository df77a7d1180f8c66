package org.cpmmss.james.doors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;

/**
 * How many mails wait in James's {@code spool} queue (accepted over SMTP, not yet through the pipeline), for
 * {@link org.cpmmss.james.plumbing.StorageReserve}. Counting asks the broker, so the count is read at most once per {@link #MAX_AGE} and shared;
 * when it cannot be read the last count stands.
 */
public final class SpoolBacklog implements LongSupplier {
    static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final MailQueueFactory<? extends ManageableMailQueue> queues;
    private final Clock clock;
    private volatile long mails;
    private volatile Instant readAt = Instant.MIN;

    public SpoolBacklog(MailQueueFactory<? extends ManageableMailQueue> queues, Clock clock) {
        this.queues = queues;
        this.clock = clock;
    }

    @Override
    public long getAsLong() {
        Instant now = clock.instant();
        if (readAt.plus(MAX_AGE).isAfter(now)) {
            return mails;
        }
        synchronized (this) {
            if (readAt.plus(MAX_AGE).isAfter(now)) {
                return mails;
            }
            try {
                Optional<? extends ManageableMailQueue> spool = queues.getQueue(MailQueueFactory.SPOOL);
                if (spool.isPresent()) {
                    mails = spool.get().getSize();
                }
            } catch (Exception e) {
                // the broker cannot count now: keep the last count
            }
            readAt = now;
            return mails;
        }
    }
}
