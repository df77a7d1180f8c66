package org.cpmmss.james.deferred.queue;

import org.cpmmss.recording.port.UserPreferences;
import org.cpmmss.recording.port.DeferredQueue;

import java.time.Clock;
import java.util.List;

import javax.inject.Inject;

import org.cpmmss.recording.verdict.OwnerVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expiry of deferred-queue entries, run by the expiry sweeper on its schedule (docs/deferred.md): every entry whose
 * expiry is at or before the injected {@link Clock}'s instant (read by the queue's expiry index, in batches, so the
 * cost follows what has expired) is, per the owner's {@code deferred-expiry} preference (else
 * {@code cpm.default.deferred-expiry}): {@code delete} → removed, and {@link ExpiredDeferredMessageHook} told (a
 * negative delivery notification is due); {@code handover} → handed over to the store as a temporary object
 * ({@link DeferredRelease}, expiring after {@code cpm.deferred.expiry.default}), then removed. An entry that
 * fails stays and is retried at the next sweep.
 */
public class QueueExpiry {
    private static final Logger LOGGER = LoggerFactory.getLogger(QueueExpiry.class);
    private static final int BATCH = 500;

    /** What one pass did. */
    public record Result(int deleted, int handedOver, int failed) {
    }

    private final DeferredQueue queue;
    private final UserPreferences preferences;
    private final DeferredRelease release;
    private final ExpiredDeferredMessageHook hook;
    private final Clock clock;

    @Inject
    public QueueExpiry(DeferredQueue queue, UserPreferences preferences, DeferredRelease release,
                       ExpiredDeferredMessageHook hook, Clock clock) {
        this.queue = queue;
        this.preferences = preferences;
        this.release = release;
        this.hook = hook;
        this.clock = clock;
    }

    public Result sweep() {
        int deleted = 0;
        int handedOver = 0;
        int failed = 0;
        while (true) {
            List<DeferredQueue.Entry> due = queue.claimExpired(clock.instant(), BATCH);
            boolean progress = false;
            for (DeferredQueue.Entry entry : due) {
                try {
                    if (preferences.read(entry.owner()).deferredExpiry().equals("delete")) {
                        if (queue.remove(entry.id())) {
                            hook.deletedAtExpiry(entry);
                            deleted++;
                        }
                    } else {
                        OwnerVerdict verdict = release.release(entry);
                        if (!verdict.isSuccess()) {
                            throw new IllegalStateException(verdict.publishedName() + ": " + verdict.reason());
                        }
                        queue.remove(entry.id());
                        handedOver++;
                    }
                    progress = true;
                } catch (Exception e) {
                    failed++;
                    LOGGER.warn("expiry of deferred entry {} of {} failed; retried at the next sweep", entry.id(), entry.owner(), e);
                }
            }
            if (due.size() < BATCH || !progress) {
                break;
            }
        }
        if (deleted + handedOver + failed > 0) {
            LOGGER.info("deferred queue expiry: {} deleted, {} handed over, {} failed", deleted, handedOver, failed);
        }
        return new Result(deleted, handedOver, failed);
    }
}
