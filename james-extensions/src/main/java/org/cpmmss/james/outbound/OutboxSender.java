package org.cpmmss.james.outbound;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.cpmmss.james.plumbing.DaemonThreads;

/**
 * Sends what the {@link NotificationOutbox} holds through the current {@link OutboundRoutes} choice. One background
 * thread looks for due entries every second (and at once after a {@link #submit}); due and give-up times come from
 * the injected {@link Clock}. A failed attempt is retried after {@link OutboxSettings#delayAfter(int)}; an entry
 * still unsent {@code give-up-after} its queuing is given up and logged at WARN. Entries survive a restart: the
 * sender picks them up when the server starts again.
 */
public class OutboxSender implements org.apache.james.lifecycle.api.Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(OutboxSender.class);
    private static final int BATCH = 100;

    private final NotificationOutbox outbox;
    private final OutboundRoutes routes;
    private final OutboxSettings settings;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    @Inject
    public OutboxSender(NotificationOutbox outbox, OutboundRoutes routes, OutboxSettings settings, Clock clock) {
        this.outbox = outbox;
        this.routes = routes;
        this.settings = settings;
        this.clock = clock;
    }

    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("cpm-notification-outbox"));
        scheduler.scheduleWithFixedDelay(this::drainQuietly, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    /** True when a route is configured (SIP or SMTP): only then is anything queued. */
    public boolean hasRoute() {
        return routes.current().isPresent();
    }

    /**
     * Queues a notification for the originator (durably, before returning) and wakes the sender. Nothing is queued
     * when no route is configured; a second submit of the same id does nothing.
     *
     * @return true when queued now
     */
    public boolean submit(String id, String envelopeRecipient, byte[] object) {
        if (!hasRoute()) {
            LOGGER.debug("no outbound route configured: notification {} is not sent", id);
            return false;
        }
        boolean queued = outbox.enqueue(id, envelopeRecipient, object, clock.instant());
        ScheduledExecutorService s = scheduler;
        if (queued && s != null) {
            s.execute(this::drainQuietly);
        }
        return queued;
    }

    private void drainQuietly() {
        try {
            drain();
        } catch (RuntimeException e) {
            LOGGER.warn("notification outbox: a sending round failed", e);
        }
    }

    /** Sends every entry due now; returns how many were sent. */
    public synchronized int drain() {
        int sent = 0;
        List<NotificationOutbox.Entry> due = outbox.claimDue(clock.instant(), BATCH);
        for (NotificationOutbox.Entry entry : due) {
            if (attempt(entry)) {
                sent++;
            }
        }
        return sent;
    }

    private boolean attempt(NotificationOutbox.Entry entry) {
        int attempts = entry.attempts() + 1;
        Optional<OutboundRoute> route = routes.current();
        String error;
        if (route.isEmpty()) {
            error = "no outbound route configured";
        } else {
            try {
                route.get().send(entry.object(), entry.recipient());
                outbox.markSent(entry.id(), attempts);
                LOGGER.info("notification {} sent to {} through {} (attempt {})", entry.id(), entry.recipient(),
                    route.get().name(), attempts);
                return true;
            } catch (Exception e) {
                error = String.valueOf(e.getMessage());
            }
        }
        Instant now = clock.instant();
        if (!now.isBefore(entry.created().plus(settings.giveUpAfter()))) {
            outbox.giveUp(entry.id(), attempts, error);
            LOGGER.warn("notification {} for {} given up after {} attempts over {}: {}", entry.id(), entry.recipient(),
                attempts, settings.giveUpAfter(), error);
        } else {
            Instant next = now.plus(settings.delayAfter(attempts));
            outbox.reschedule(entry.id(), attempts, next, error);
            LOGGER.info("notification {} for {} not sent (attempt {}: {}); next attempt at {}", entry.id(),
                entry.recipient(), attempts, error, next);
        }
        return false;
    }
}
