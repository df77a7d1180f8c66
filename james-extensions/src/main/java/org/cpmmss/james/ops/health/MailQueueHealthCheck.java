package org.cpmmss.james.ops.health;

import java.time.Duration;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.Result;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;

/**
 * The SMTP spool (James's {@code spool} queue) can be read, and is not backing up: more than
 * {@link #DEGRADED_DEPTH} waiting mails is reported as degraded (the mailet container is not keeping up).
 */
public class MailQueueHealthCheck extends BlockingHealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("Mail queue");
    public static final long DEGRADED_DEPTH = 10_000;
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final MailQueueFactory<? extends ManageableMailQueue> queues;

    @Inject
    public MailQueueHealthCheck(MailQueueFactory<? extends ManageableMailQueue> queues) {
        super(COMPONENT, TIMEOUT, "cannot read the spool queue");
        this.queues = queues;
    }

    @Override
    protected Result inspect() throws Exception {
        ManageableMailQueue spool = queues.getQueue(MailQueueFactory.SPOOL)
            .orElse(null);
        if (spool == null) {
            return Result.unhealthy(COMPONENT, "the spool queue does not exist");
        }
        long depth = spool.getSize();
        if (depth > DEGRADED_DEPTH) {
            return Result.degraded(COMPONENT, depth + " mails wait in the spool (more than " + DEGRADED_DEPTH + ")");
        }
        return Result.healthy(COMPONENT);
    }
}
