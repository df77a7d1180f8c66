package org.cpmmss.james.deferred;

import org.cpmmss.recording.pipeline.TemporaryObjects;

import org.cpmmss.recording.port.ExpiryIndex;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.apache.james.mailbox.events.MailboxEvents.FlagsUpdated;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.james.util.ReactorUtils;
import org.reactivestreams.Publisher;

import com.github.fge.lambdas.Throwing;

import reactor.core.publisher.Mono;

/**
 * "Accessed" = {@code \Seen} set (STORE, or a non-PEEK fetch). When {@code \Seen} appears on a message carrying
 * {@code $cpm-temporary}, the object becomes a normal stored object at that moment: the keyword is removed
 * (same UID, same content; MODSEQ moves) and its expiry-index entry is dropped. A temporary object arriving in
 * a folder (a client's COPY/MOVE of one; the hand-over indexes its own) is indexed by its {@code Expires}.
 */
public class TemporaryAccessListener implements EventListener.ReactiveGroupEventListener {
    private static final Logger LOGGER = LoggerFactory.getLogger(TemporaryAccessListener.class);

    public static class TemporaryAccessGroup extends Group {
    }

    private static final Group GROUP = new TemporaryAccessGroup();

    private final MailboxManager mailboxManager;
    private final ExpiryIndex index;

    @Inject
    public TemporaryAccessListener(MailboxManager mailboxManager, ExpiryIndex index) {
        this.mailboxManager = mailboxManager;
        this.index = index;
    }

    @Override
    public Group getDefaultGroup() {
        return GROUP;
    }

    @Override
    public boolean isHandling(Event event) {
        return event instanceof FlagsUpdated || event instanceof Added;
    }

    /**
     * The event's work ({@link #event}) on James's blocking-call threads, as James ran this listener (a listener
     * that is not reactive is wrapped so), only for an event that has some: a temporary object added unseen, or
     * Seen set on one. Any other event (almost every one) is answered at once, without that thread switch and
     * back for every owner of every object.
     */
    @Override
    public Publisher<Void> reactiveEvent(Event event) {
        if (!hasWork(event)) {
            return Mono.empty();
        }
        return Mono.fromRunnable(Throwing.runnable(() -> event(event)))
            .subscribeOn(ReactorUtils.BLOCKING_CALL_WRAPPER)
            .then();
    }

    /** Whether {@link #event} would do anything for the event (the same tests, on the event alone). */
    static boolean hasWork(Event event) {
        if (event instanceof Added added) {
            return added.getAdded().values().stream().anyMatch(m -> m.getFlags().contains(TemporaryObjects.KEYWORD)
                && !m.getFlags().contains(Flags.Flag.SEEN));
        }
        if (event instanceof FlagsUpdated updated) {
            return updated.getUpdatedFlags().stream().anyMatch(TemporaryAccessListener::accessedNow);
        }
        return false;
    }

    private static boolean accessedNow(UpdatedFlags flags) {
        Flags now = flags.getNewFlags();
        return now.contains(Flags.Flag.SEEN) && !flags.getOldFlags().contains(Flags.Flag.SEEN)
            && now.contains(TemporaryObjects.KEYWORD);
    }

    @Override
    public void event(Event event) throws Exception {
        if (event instanceof Added added) {
            for (MessageMetaData m : added.getAdded().values()) {
                if (m.getFlags().contains(TemporaryObjects.KEYWORD) && !m.getFlags().contains(Flags.Flag.SEEN)) {
                    indexArrival(added, m.getUid());
                }
            }
            return;
        }
        if (!(event instanceof FlagsUpdated updated)) {
            return;
        }
        for (UpdatedFlags flags : updated.getUpdatedFlags()) {
            if (accessedNow(flags)) {
                accessed(updated, flags);
            }
        }
    }

    /**
     * A temporary object arriving in a folder by any way (the hand-over itself, or a client's COPY/MOVE of one)
     * is indexed by the expiry its {@code Expires} header carries, unless it is indexed already.
     */
    private void indexArrival(Added event, MessageUid uid) throws Exception {
        String mailboxId = event.getMailboxId().serialize();
        if (index.contains(mailboxId, uid.asLong())) {
            return;
        }
        MailboxSession session = mailboxManager.createSystemSession(event.getUsername());
        try {
            MessageManager mailbox = mailboxManager.getMailbox(event.getMailboxId(), session);
            MessageResultIterator it = mailbox.getMessages(MessageRange.one(uid), FetchGroup.HEADERS, session);
            if (!it.hasNext()) {
                return;
            }
            MessageResult m = it.next();
            if (m.getFlags().contains(Flags.Flag.SEEN) || !m.getFlags().contains(TemporaryObjects.KEYWORD)) {
                return;
            }
            Iterator<Header> headers = m.getHeaders().headers();
            while (headers.hasNext()) {
                Header h = headers.next();
                if (h.getName().equalsIgnoreCase("Expires")) {
                    Optional<Instant> expiry = TemporaryObjects.parseDate(h.getValue());
                    if (expiry.isPresent() && !index.contains(mailboxId, uid.asLong())) {
                        index.put(new ExpiryIndex.Entry(mailbox.getMailboxPath().getUser().asString(), mailboxId,
                            uid.asLong(), expiry.get()));
                    }
                    return;
                }
            }
        } catch (MailboxNotFoundException e) {
            // gone meanwhile
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    private void accessed(FlagsUpdated event, UpdatedFlags flags) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(event.getUsername());
        try {
            MessageManager mailbox = mailboxManager.getMailbox(event.getMailboxId(), session);
            mailbox.setFlags(new Flags(TemporaryObjects.KEYWORD), MessageManager.FlagsUpdateMode.REMOVE,
                MessageRange.one(flags.getUid()), session);
            index.remove(event.getMailboxId().serialize(), flags.getUid().asLong());
            LOGGER.debug("temporary object {} uid {} accessed: now a stored object", event.getMailboxId(), flags.getUid());
        } catch (MailboxNotFoundException e) {
            index.remove(event.getMailboxId().serialize(), flags.getUid().asLong());
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }
}
