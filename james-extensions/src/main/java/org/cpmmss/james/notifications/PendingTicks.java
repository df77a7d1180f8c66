package org.cpmmss.james.notifications;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.mailbox.exception.MailboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ticks owed to messages that are not stored yet: a notification can arrive while the message it reports on is
 * held in an open {@code on-completion} session, or before the message itself. The keyword is then kept in
 * {@link NotificationStateStore} (H2, survives a restart) and set by {@link #apply(String)} once the owner's copy
 * is stored ({@link PendingTicksListener} calls it when a message is added to one of the owner's folders).
 */
public class PendingTicks {
    private static final Logger LOGGER = LoggerFactory.getLogger(PendingTicks.class);

    private final NotificationStateStore state;
    private final DispositionKeywords keywords;

    @Inject
    public PendingTicks(NotificationStateStore state, DispositionKeywords keywords) {
        this.state = state;
        this.keywords = keywords;
    }

    /** Sets {@code keyword} on the owner's copy of {@code referencedId} now, or keeps it pending; true when set now. */
    public boolean tickOrKeep(String owner, String referencedId, String keyword) throws MailboxException {
        Optional<DispositionKeywords.Located> copy = keywords.locate(owner, referencedId);
        if (copy.isPresent() && keywords.add(owner, copy.get(), keyword)) {
            return true;
        }
        state.addPendingTick(new NotificationStateStore.PendingTick(owner, referencedId, keyword));
        LOGGER.debug("{} for {}'s copy of {} kept pending: not stored yet", keyword, owner, referencedId);
        return false;
    }

    public boolean hasPending(String owner) {
        return !state.pendingTicks(owner).isEmpty();
    }

    /** Sets every pending tick of the owner whose message is now stored; returns how many remain pending. */
    public int apply(String owner) {
        List<NotificationStateStore.PendingTick> pending = state.pendingTicks(owner);
        int remaining = 0;
        for (NotificationStateStore.PendingTick tick : pending) {
            try {
                Optional<DispositionKeywords.Located> copy = keywords.locate(tick.owner(), tick.referencedId());
                if (copy.isPresent() && keywords.add(tick.owner(), copy.get(), tick.keyword())) {
                    state.removePendingTick(tick);
                    LOGGER.info("pending {} set on {}'s copy of {}", tick.keyword(), tick.owner(), tick.referencedId());
                } else {
                    remaining++;
                }
            } catch (Exception e) {
                remaining++;
                LOGGER.warn("cannot set pending {} on {}'s copy of {}", tick.keyword(), tick.owner(), tick.referencedId(), e);
            }
        }
        return remaining;
    }
}
