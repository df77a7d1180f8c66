package org.cpmmss.james.notifications;

import org.cpmmss.recording.port.StoredMessages;
import org.cpmmss.recording.port.NotificationStateStore;

import java.util.List;
import java.util.Optional;

import java.util.Iterator;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;

import org.apache.james.mailbox.exception.MailboxException;
import org.cpmmss.recording.port.DispositionTicks;
import org.cpmmss.recording.port.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ticks owed to messages that are not stored yet (the adapter of the pipeline's {@link DispositionTicks} port): a notification can arrive while the message it reports on is
 * held in an open {@code on-completion} session, or before the message itself. The keyword is then kept in
 * {@link NotificationStateStore} (H2, survives a restart) and set by {@link #apply(String)} once the owner's copy
 * is stored ({@link PendingTicksListener} calls it when a message is added to one of the owner's folders).
 */
public class PendingTicks implements DispositionTicks {
    private static final Logger LOGGER = LoggerFactory.getLogger(PendingTicks.class);

    private final NotificationStateStore state;
    private final DispositionKeywords keywords;
    private final MailboxManager mailboxManager;

    @Inject
    public PendingTicks(NotificationStateStore state, DispositionKeywords keywords, MailboxManager mailboxManager) {
        this.state = state;
        this.keywords = keywords;
        this.mailboxManager = mailboxManager;
        this.owners.addAll(state.ownersWithPendingTicks());
    }

    /** Lowercased owners that have pending ticks: every append is checked against it without a database query. */
    private final java.util.Set<String> owners = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static String lower(String owner) {
        return owner.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public boolean tickOrKeep(String owner, String referencedId, String keyword) throws StorageException {
        Optional<StoredMessages.Located> copy = keywords.locate(owner, referencedId);
        if (copy.isPresent() && keywords.add(owner, copy.get(), keyword)) {
            return true;
        }
        state.addPendingTick(new NotificationStateStore.PendingTick(owner, referencedId, keyword));
        owners.add(lower(owner));
        LOGGER.debug("{} for {}'s copy of {} kept pending: not stored yet", keyword, owner, referencedId);
        return false;
    }

    /**
     * False only when the owner has no pending tick for sure, from memory (no query): the owners of ticks kept pending
     * by this node, every owner when the state is shared by nodes ({@link #hasPending} then asks the database).
     */
    public boolean mayHavePending(String owner) {
        return state.sharedByNodes() || owners.contains(lower(owner));
    }

    public boolean hasPending(String owner) {
        // the set only grows (removing would race with a concurrent add): owners once pending cost one query; on a
        // store shared by nodes another node may have added a tick: every owner costs one query
        return (state.sharedByNodes() || owners.contains(lower(owner))) && !state.pendingTicks(owner).isEmpty();
    }

    /**
     * Sets the owner's pending ticks owed to messages just added to a folder, matched by their IMDN-Message-ID
     * header. Returns true when one of the added messages is a session object (multipart: it holds several
     * messages, found through the recorded keys by {@link #apply(String)} once they are marked stored).
     */
    public boolean applyToAdded(String owner, MailboxId mailboxId, List<MessageUid> uids) throws MailboxException {
        List<NotificationStateStore.PendingTick> pending = state.pendingTicks(owner);
        if (pending.isEmpty() || uids.isEmpty()) {
            return false;
        }
        boolean sessionObject = false;
        MailboxSession session = mailboxManager.createSystemSession(Username.of(owner));
        try {
            MessageManager mailbox = mailboxManager.getMailbox(mailboxId, session);
            for (MessageUid uid : uids) {
                MessageResultIterator it = mailbox.getMessages(MessageRange.one(uid), FetchGroup.HEADERS, session);
                if (!it.hasNext()) {
                    continue;
                }
                MessageResult m = it.next();
                Optional<String> id = Optional.empty();
                Iterator<Header> headers = m.getHeaders().headers();
                while (headers.hasNext()) {
                    Header h = headers.next();
                    if (h.getName().equalsIgnoreCase("IMDN-Message-ID")) {
                        id = Optional.of(h.getValue().trim());
                    } else if (h.getName().equalsIgnoreCase("Content-Type")
                            && h.getValue().trim().toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
                        sessionObject = true;
                    }
                }
                for (NotificationStateStore.PendingTick tick : pending) {
                    if (id.isPresent() && id.get().equals(tick.referencedId())) {
                        mailbox.setFlags(new Flags(tick.keyword()), MessageManager.FlagsUpdateMode.ADD, MessageRange.one(uid), session);
                        state.removePendingTick(tick);
                        LOGGER.info("pending {} set on {}'s copy of {}", tick.keyword(), owner, tick.referencedId());
                    }
                }
            }
        } catch (MailboxNotFoundException e) {
            return false;
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
        return sessionObject;
    }

    /** Sets every pending tick of the owner whose message is now stored; returns how many remain pending. */
    public int apply(String owner) {
        List<NotificationStateStore.PendingTick> pending = state.pendingTicks(owner);
        int remaining = 0;
        for (NotificationStateStore.PendingTick tick : pending) {
            try {
                Optional<StoredMessages.Located> copy = keywords.locate(tick.owner(), tick.referencedId());
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
