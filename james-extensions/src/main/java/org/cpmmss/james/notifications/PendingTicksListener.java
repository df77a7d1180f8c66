package org.cpmmss.james.notifications;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.cpmmss.james.plumbing.DaemonThreads;
import org.apache.james.util.ReactorUtils;
import org.reactivestreams.Publisher;

import com.github.fge.lambdas.Throwing;

import reactor.core.publisher.Mono;

/**
 * When a message is added to a folder of an owner who has pending ticks ({@link PendingTicks}), sets those owed to
 * it (matched by its IMDN-Message-ID header). When the added message is an {@code on-completion} session object,
 * the messages it holds are found through the recorded keys, which the pipeline marks right after the append (and
 * after this listener returns: James waits for its listeners): that lookup runs later on this listener's own
 * thread, a few times over about fifteen seconds.
 */
public class PendingTicksListener implements EventListener.ReactiveGroupEventListener {
    private static final Logger LOGGER = LoggerFactory.getLogger(PendingTicksListener.class);

    public static class PendingTicksGroup extends Group {
    }

    private static final Group GROUP = new PendingTicksGroup();
    private static final long[] DELAYS_MILLIS = {200, 1000, 3000, 8000, 15000};

    private final PendingTicks ticks;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("cpm-pending-ticks"));

    @Inject
    public PendingTicksListener(PendingTicks ticks) {
        this.ticks = ticks;
    }

    @Override
    public Group getDefaultGroup() {
        return GROUP;
    }

    @Override
    public boolean isHandling(Event event) {
        return event instanceof Added;
    }

    /**
     * The event's work ({@link #event}) on James's blocking-call threads, as James ran this listener (a listener
     * that is not reactive is wrapped so); an Added event for an owner who has no pending tick for sure (almost every
     * one) is answered at once, without that thread switch and back for every owner of every object.
     */
    @Override
    public Publisher<Void> reactiveEvent(Event event) {
        if (!(event instanceof Added added) || !ticks.mayHavePending(added.getUsername().asString())) {
            return Mono.empty();
        }
        return Mono.fromRunnable(Throwing.runnable(() -> event(event)))
            .subscribeOn(ReactorUtils.BLOCKING_CALL_WRAPPER)
            .then();
    }

    @Override
    public void event(Event event) throws Exception {
        if (!(event instanceof Added added)) {
            return;
        }
        String owner = added.getUsername().asString();
        if (!ticks.hasPending(owner)) {
            return;
        }
        boolean sessionObject = ticks.applyToAdded(owner, added.getMailboxId(), java.util.List.copyOf(added.getUids()));
        if (sessionObject) {
            retry(owner, 0);
        }
    }

    private void retry(String owner, int attempt) {
        if (attempt >= DELAYS_MILLIS.length) {
            return;
        }
        later.schedule(() -> {
            try {
                if (ticks.apply(owner) > 0) {
                    retry(owner, attempt + 1);
                }
            } catch (RuntimeException e) {
                LOGGER.warn("pending ticks of {}: a retry failed", owner, e);
            }
        }, DELAYS_MILLIS[attempt], TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    public void stop() {
        later.shutdownNow();
    }
}
