package org.cpmmss.james.deferred;

import org.cpmmss.james.deferred.queue.DeferredSettings;

import org.cpmmss.recording.pipeline.TemporaryObjects;

import org.cpmmss.recording.port.ExpiryIndex;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;
import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.cpmmss.james.deferred.queue.QueueExpiry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.cpmmss.james.plumbing.DaemonThreads;

/**
 * Every {@code cpm.deferred.sweep-interval}, reads the expiry index for entries whose expiry is at or before the
 * injected {@link Clock}'s instant (so a sweep costs what has expired, not what is stored) and, per entry:
 * <ul>
 *   <li>message gone (user expunged it): the entry is dropped;</li>
 *   <li>{@code \Seen} set (accessed; the listener normally got there first): it becomes a stored object —
 *       keyword removed, entry dropped;</li>
 *   <li>otherwise (never accessed): {@code \Deleted} is set on that UID and that UID alone is expunged, through
 *       {@link MailboxManager} (clients see EXPUNGE); then the entry is dropped.</li>
 * </ul>
 * Nothing is ever expunged before its expiry; the index is durable, so a restart changes nothing. Each sweep then
 * runs the deferred queue's expiry ({@link QueueExpiry}).
 */
@Singleton
public class ExpirySweeper implements org.apache.james.lifecycle.api.Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ExpirySweeper.class);
    private static final int BATCH = 500;

    /** What one sweep did: temporary objects expunged / kept (accessed) / already gone, and the deferred queue's expiry. */
    public record Result(int expunged, int kept, int gone, QueueExpiry.Result queue) {
        public Result(int expunged, int kept, int gone) {
            this(expunged, kept, gone, new QueueExpiry.Result(0, 0, 0));
        }
    }

    private final ExpiryIndex index;
    private final MailboxManager mailboxManager;
    private final MailboxId.Factory mailboxIds;
    private final DeferredSettings settings;
    private final Clock clock;
    private final QueueExpiry queueExpiry;
    private ScheduledExecutorService scheduler;

    @Inject
    public ExpirySweeper(ExpiryIndex index, MailboxManager mailboxManager, MailboxId.Factory mailboxIds,
                         DeferredSettings settings, Clock clock, QueueExpiry queueExpiry) {
        this.queueExpiry = queueExpiry;
        this.index = index;
        this.mailboxManager = mailboxManager;
        this.mailboxIds = mailboxIds;
        this.settings = settings;
        this.clock = clock;
    }

    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("cpm-deferred-sweeper"));
        long period = Math.max(1000, settings.sweepInterval().toMillis());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (Throwable e) {
                LOGGER.warn("expiry sweep failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    /** One sweep now (also what the schedule runs): temporary objects, then the deferred queue. */
    public synchronized Result sweep() {
        Result objects = sweepTemporaryObjects();
        QueueExpiry.Result queue = queueExpiry.sweep();
        return new Result(objects.expunged(), objects.kept(), objects.gone(), queue);
    }

    /** The temporary objects' part of a sweep (what the sweep benchmark times). */
    public synchronized Result sweepTemporaryObjects() {
        int expunged = 0;
        int kept = 0;
        int gone = 0;
        while (true) {
            List<ExpiryIndex.Entry> due = index.claimExpired(clock.instant(), BATCH);
            if (due.isEmpty()) {
                break;
            }
            for (ExpiryIndex.Entry entry : due) {
                try {
                    switch (handle(entry)) {
                        case EXPUNGED -> expunged++;
                        case KEPT -> kept++;
                        case GONE -> gone++;
                    }
                    index.remove(entry.mailboxId(), entry.uid());
                } catch (Exception e) {
                    LOGGER.warn("expiry of {} uid {} failed; retried at the next sweep", entry.mailboxId(), entry.uid(), e);
                    return new Result(expunged, kept, gone);
                }
            }
            if (due.size() < BATCH) {
                break;
            }
        }
        if (expunged + kept + gone > 0) {
            LOGGER.info("deferred expiry sweep: {} expunged, {} kept (accessed), {} already gone", expunged, kept, gone);
        }
        return new Result(expunged, kept, gone);
    }

    private enum Done { EXPUNGED, KEPT, GONE }

    private Done handle(ExpiryIndex.Entry entry) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(entry.owner()));
        try {
            MessageManager mailbox;
            try {
                mailbox = mailboxManager.getMailbox(mailboxIds.fromString(entry.mailboxId()), session);
            } catch (MailboxNotFoundException e) {
                return Done.GONE;
            }
            MessageRange one = MessageRange.one(MessageUid.of(entry.uid()));
            MessageResultIterator it = mailbox.getMessages(one, FetchGroup.MINIMAL, session);
            if (!it.hasNext()) {
                return Done.GONE;
            }
            MessageResult m = it.next();
            Flags flags = m.getFlags();
            if (flags.contains(Flags.Flag.SEEN)) {
                if (flags.contains(TemporaryObjects.KEYWORD)) {
                    mailbox.setFlags(new Flags(TemporaryObjects.KEYWORD), MessageManager.FlagsUpdateMode.REMOVE, one, session);
                }
                return Done.KEPT;
            }
            mailbox.setFlags(new Flags(Flags.Flag.DELETED), MessageManager.FlagsUpdateMode.ADD, one, session);
            mailbox.expunge(one, session);
            return Done.EXPUNGED;
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    Duration interval() {
        return settings.sweepInterval();
    }
}
