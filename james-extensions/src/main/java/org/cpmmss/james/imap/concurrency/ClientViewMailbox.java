package org.cpmmss.james.imap.concurrency;

import java.util.Collection;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.mail.Flags;

import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.NullableMessageSequenceNumber;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;

import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;

/**
 * The selected mailbox as the IMAP client knows it. James's {@code SelectedMailboxImpl} (the delegate) follows
 * the mailbox's events and numbers a message as soon as another session appends it; this view numbers only the
 * messages the client has been told about: a message appended elsewhere gets a sequence number when an
 * untagged EXISTS announces it ({@link #isSizeChanged()} is asked right before James writes EXISTS and takes the
 * pending messages in), and keeps it until an untagged EXPUNGE reports its removal ({@link #remove}). So every
 * sequence number in a FETCH, EXPUNGE or RECENT response is one the client already knows (RFC 3501 §2.3.1.2,
 * §7.4.1), and FETCH/STORE/SEARCH by sequence number resolve against the client's numbering.
 *
 * <p>The delegate keeps the event handling (expunged, flag-updated and recent UIDs, applicable flags) and its own
 * numbering of every message it heard of; the two stay aligned because removals go through both. A message
 * whose UID is lower than one the client already knows (an append whose event arrived late) cannot get a
 * sequence number in UID order any more: it stays out of this view until the next SELECT.</p>
 */
final class ClientViewMailbox implements SelectedMailbox {
    private final SelectedMailbox james;
    private final ConnectionTurn turn;
    private final KnownUids known = new KnownUids();
    private boolean initialised;

    /** @param turn runs an IDLE's updates of this selection in turn with the connection's commands */
    ClientViewMailbox(SelectedMailbox james, ConnectionTurn turn) {
        this.james = james;
        this.turn = turn;
    }

    /** Takes in the messages not announced yet; answers whether there were any (the caller then writes EXISTS). */
    synchronized boolean announceAdded() {
        initialise();
        MessageUid last = known.isEmpty() ? null : MessageUid.of(known.get(known.size() - 1));
        int from = last == null ? 1 : james.msn(last).asInt().orElse(0) + 1;
        long count = james.existsCount();
        boolean added = false;
        for (int msn = from; msn <= count; msn++) {
            Optional<MessageUid> uid = james.uid(msn);
            if (uid.isPresent() && (last == null || uid.get().compareTo(last) > 0)) {
                known.add(uid.get().asLong());
                last = uid.get();
                added = true;
            }
        }
        return added;
    }

    private void initialise() {
        if (!initialised) {
            initialised = true;
            long count = james.existsCount();
            for (int msn = 1; msn <= count; msn++) {
                james.uid(msn).ifPresent(uid -> known.add(uid.asLong()));
            }
        }
    }

    @Override
    public synchronized boolean isSizeChanged() {
        return announceAdded();
    }

    @Override
    public synchronized long existsCount() {
        initialise();
        return known.size();
    }

    @Override
    public synchronized NullableMessageSequenceNumber msn(MessageUid uid) {
        initialise();
        int index = known.indexOf(uid.asLong());
        return index >= 0 ? NullableMessageSequenceNumber.of(index + 1) : NullableMessageSequenceNumber.noMessage();
    }

    @Override
    public synchronized Optional<MessageUid> uid(int msn) {
        initialise();
        if (msn < 1 || msn > known.size()) {
            return Optional.empty();
        }
        return Optional.of(MessageUid.of(known.get(msn - 1)));
    }

    @Override
    public synchronized NullableMessageSequenceNumber remove(MessageUid uid) {
        NullableMessageSequenceNumber msn = msn(uid);
        msn.asInt().ifPresent(number -> known.removeAt(number - 1));
        james.remove(uid);
        return msn;
    }

    @Override
    public synchronized Optional<MessageUid> getFirstUid() {
        initialise();
        return known.isEmpty() ? Optional.empty() : Optional.of(MessageUid.of(known.get(0)));
    }

    @Override
    public synchronized Optional<MessageUid> getLastUid() {
        initialise();
        return known.isEmpty() ? Optional.empty() : Optional.of(MessageUid.of(known.get(known.size() - 1)));
    }

    @Override
    public synchronized Collection<MessageUid> getRecent() {
        initialise();
        return james.getRecent().stream()
            .filter(uid -> known.indexOf(uid.asLong()) >= 0)
            .collect(Collectors.toList());
    }

    @Override
    public synchronized int recentCount() {
        return getRecent().size();
    }

    @Override
    public Mono<Void> deselect() {
        return james.deselect();
    }

    @Override
    public void registerIdle(EventListener.ReactiveEventListener idle) {
        james.registerIdle(new InTurn(idle, turn));
    }

    @Override
    public void unregisterIdle() {
        james.unregisterIdle();
    }

    @Override
    public boolean addRecent(MessageUid uid) {
        return james.addRecent(uid);
    }

    @Override
    public boolean removeRecent(MessageUid uid) {
        return james.removeRecent(uid);
    }

    @Override
    public Mono<MailboxPath> getPathReactive() {
        return james.getPathReactive();
    }

    @Override
    public MailboxId getMailboxId() {
        return james.getMailboxId();
    }

    @Override
    public MessageManager getMessageManager() {
        return james.getMessageManager();
    }

    @Override
    public boolean isRecent(MessageUid uid) {
        return james.isRecent(uid);
    }

    @Override
    public boolean isDeletedByOtherSession() {
        return james.isDeletedByOtherSession();
    }

    @Override
    public boolean isRecentUidRemoved() {
        return james.isRecentUidRemoved();
    }

    @Override
    public void resetRecentUidRemoved() {
        james.resetRecentUidRemoved();
    }

    @Override
    public void resetEvents() {
        james.resetEvents();
    }

    @Override
    public Collection<MessageUid> expungedUids() {
        return james.expungedUids();
    }

    @Override
    public void resetExpungedUids() {
        james.resetExpungedUids();
    }

    @Override
    public Collection<MessageUid> flagUpdateUids() {
        return james.flagUpdateUids();
    }

    @Override
    public Flags getApplicableFlags() {
        return james.getApplicableFlags();
    }

    @Override
    public boolean hasNewApplicableFlags() {
        return james.hasNewApplicableFlags();
    }

    @Override
    public void resetNewApplicableFlags() {
        james.resetNewApplicableFlags();
    }

    /**
     * An IDLE's listener whose updates are written in turn with the connection's commands ({@link ConnectionTurn}):
     * James wrote them from the event's thread with the IDLE command's responder, beside the IDLE command writing
     * its own start with it. The event's dispatch no longer waits for the write.
     */
    private static final class InTurn implements EventListener.ReactiveEventListener {
        private final EventListener.ReactiveEventListener idle;
        private final ConnectionTurn turn;

        InTurn(EventListener.ReactiveEventListener idle, ConnectionTurn turn) {
            this.idle = idle;
            this.turn = turn;
        }

        @Override
        public Publisher<Void> reactiveEvent(Event event) {
            // when subscribed: James's selected mailbox calls this before it has taken the event in, and subscribes after
            return Mono.fromRunnable(() -> turn.run(Mono.defer(() -> Mono.from(idle.reactiveEvent(event)))));
        }

        @Override
        public ExecutionMode getExecutionMode() {
            return idle.getExecutionMode();
        }

        @Override
        public boolean isHandling(Event event) {
            return idle.isHandling(event);
        }
    }
}
