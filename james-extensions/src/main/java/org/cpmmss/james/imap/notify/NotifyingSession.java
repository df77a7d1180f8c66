package org.cpmmss.james.imap.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.james.core.Username;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.response.MailboxStatusResponse;
import org.apache.james.imapserver.netty.Linearalizer;
import org.apache.james.imapserver.netty.NettyConstants;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxConstants;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.cpmmss.james.plumbing.JamesInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import reactor.core.publisher.Mono;

/**
 * The NOTIFY state of one IMAP connection: its filters and its queue of pending notifications.
 *
 * <p>Notifications are queued by the event listener and written by a drain task that goes through the
 * connection's own command serializer (James's {@link Linearalizer}, the one every IMAP command of the connection
 * runs through): when no command is in progress — between commands or during IDLE — the drain runs at once; when
 * a command is in progress it runs right after that command's tagged completion. So notifications are never
 * interleaved with a command's responses. STATUS notifications for the same mailbox are coalesced in the queue,
 * and a STATUS identical to (or older than) the last one this connection got is not sent again.</p>
 */
public final class NotifyingSession {
    private static final Logger LOGGER = LoggerFactory.getLogger(NotifyingSession.class);
    /** ImapSession attribute holding the connection's NotifyingSession. */
    static final String ATTRIBUTE = NotifyingSession.class.getName();

    /** A filter with its mailbox names resolved to paths for this session. */
    static final class ResolvedFilter {
        final NotifyFilter filter;
        final List<MailboxPath> paths;

        ResolvedFilter(NotifyFilter filter, List<MailboxPath> paths) {
            this.filter = filter;
            this.paths = List.copyOf(paths);
        }
    }

    private final ImapSession session;
    private final Username user;
    private final MailboxSession.SessionId mailboxSessionId;
    private final char delimiter;
    private final Optional<Linearalizer> linearalizer;
    private final Object queueLock = new Object();
    private final Object writeLock = new Object();
    private final LinkedHashMap<Object, ImapResponseMessage> pending = new LinkedHashMap<>();
    private final Map<MailboxId, StatusMark> lastStatus = new ConcurrentHashMap<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong sequence = new AtomicLong();
    private volatile List<ResolvedFilter> filters = List.of();
    private volatile Responder responder;
    private volatile boolean closed;

    private NotifyingSession(ImapSession session, Optional<Linearalizer> linearalizer) {
        this.session = session;
        MailboxSession mailboxSession = session.getMailboxSession();
        this.user = mailboxSession.getUser();
        this.mailboxSessionId = mailboxSession.getSessionId();
        this.delimiter = mailboxSession.getPathDelimiter();
        this.linearalizer = linearalizer;
    }

    /** The connection's NotifyingSession, created (and tied to the connection's lifetime) on first use. */
    static NotifyingSession of(ImapSession session, NotifyRegistry registry) {
        NotifyingSession existing = (NotifyingSession) session.getAttribute(ATTRIBUTE);
        if (existing != null) {
            return existing;
        }
        Optional<Channel> channel = JamesInternals.channelOf(session);
        NotifyingSession created = new NotifyingSession(session,
            channel.map(c -> c.attr(NettyConstants.LINEARALIZER_ATTRIBUTE_KEY).get()));
        if (channel.isEmpty()) {
            LOGGER.warn("NOTIFY: no Netty channel behind {}; notifications are written without command serialization",
                session.getClass().getName());
        }
        channel.ifPresent(c -> c.closeFuture().addListener(any -> {
            created.close();
            registry.unregister(created);
        }));
        session.setAttribute(ATTRIBUTE, created);
        return created;
    }

    void configure(List<ResolvedFilter> filters, Responder responder) {
        this.filters = List.copyOf(filters);
        this.responder = responder;
        this.closed = false;
    }

    void close() {
        closed = true;
        synchronized (queueLock) {
            pending.clear();
        }
    }

    Username user() {
        return user;
    }

    char delimiter() {
        return delimiter;
    }

    /** True when the event came from this very connection (it knows what it did). */
    boolean isOrigin(MailboxSession.SessionId eventSession) {
        return mailboxSessionId.equals(eventSession);
    }

    boolean isSelected(MailboxId mailboxId) {
        SelectedMailbox selected = session.getSelected();
        return selected != null && selected.getMailboxId().equals(mailboxId);
    }

    boolean usesSubscribed() {
        return filters.stream().anyMatch(f -> f.filter.kind() == NotifyFilter.Kind.SUBSCRIBED);
    }

    /**
     * Whether this connection wants the event for a mailbox it has not selected: the first non-selected filter
     * matching the mailbox decides (RFC 5465 section 6).
     */
    boolean wants(NotifyEvent event, MailboxPath path, Supplier<Set<MailboxPath>> subscriptions) {
        return filterFor(path, subscriptions).map(f -> f.filter.events().contains(event)).orElse(false);
    }

    Optional<ResolvedFilter> filterFor(MailboxPath path, Supplier<Set<MailboxPath>> subscriptions) {
        for (ResolvedFilter resolved : filters) {
            if (matches(resolved, path, subscriptions)) {
                return Optional.of(resolved);
            }
        }
        return Optional.empty();
    }

    private boolean matches(ResolvedFilter resolved, MailboxPath path, Supplier<Set<MailboxPath>> subscriptions) {
        boolean personal = MailboxConstants.USER_NAMESPACE.equals(path.getNamespace()) && user.equals(path.getUser());
        switch (resolved.filter.kind()) {
            case SELECTED:
            case SELECTED_DELAYED:
                return false;
            case INBOXES:
                return personal && MailboxConstants.INBOX.equalsIgnoreCase(path.getName());
            case PERSONAL:
                return personal;
            case SUBSCRIBED:
                return subscriptions.get().contains(path);
            case MAILBOXES:
                return resolved.paths.contains(path);
            case SUBTREE:
                return resolved.paths.stream().anyMatch(base -> base.equals(path)
                    || base.getNamespace().equals(path.getNamespace()) && base.getUser().equals(path.getUser())
                    && path.getName().startsWith(base.getName() + delimiter));
            default:
                return false;
        }
    }

    /** Queues the STATUS of a mailbox, replacing an older one still queued. */
    void enqueueStatus(MailboxId mailboxId, MailboxStatusResponse status) {
        synchronized (queueLock) {
            if (closed) {
                return;
            }
            pending.remove(mailboxId);
            pending.put(mailboxId, status);
        }
        scheduleDrain();
    }

    void enqueue(ImapResponseMessage message) {
        synchronized (queueLock) {
            if (closed) {
                return;
            }
            pending.put(sequence.incrementAndGet(), message);
        }
        scheduleDrain();
    }

    /** Records a STATUS sent as part of a command's own responses (NOTIFY SET STATUS). */
    void statusSent(MailboxId mailboxId, MailboxStatusResponse status) {
        lastStatus.put(mailboxId, StatusMark.of(status));
    }

    private void scheduleDrain() {
        if (!drainScheduled.compareAndSet(false, true)) {
            return;
        }
        Mono<Void> drain = Mono.fromRunnable(this::drain);
        linearalizer.map(serializer -> serializer.execute(drain)).orElse(drain)
            .subscribe(any -> { }, e -> LOGGER.warn("NOTIFY: delivery failed", e));
    }

    private void drain() {
        List<Map.Entry<Object, ImapResponseMessage>> batch;
        synchronized (queueLock) {
            drainScheduled.set(false);
            batch = new ArrayList<>(pending.entrySet());
            pending.clear();
        }
        Responder target = responder;
        if (closed || target == null || batch.isEmpty()) {
            return;
        }
        synchronized (writeLock) {
            boolean wrote = false;
            for (Map.Entry<Object, ImapResponseMessage> item : batch) {
                if (item.getValue() instanceof MailboxStatusResponse) {
                    MailboxId mailboxId = (MailboxId) item.getKey();
                    MailboxStatusResponse status = (MailboxStatusResponse) item.getValue();
                    if (isSelected(mailboxId) || !isNewer(mailboxId, status)) {
                        continue;
                    }
                }
                target.respond(item.getValue());
                wrote = true;
            }
            if (wrote) {
                target.flush();
            }
        }
    }

    /**
     * A STATUS older than the last one sent (lower HIGHESTMODSEQ: snapshots taken concurrently can finish out of
     * order) or identical to it is not sent. (An expunge does not always move HIGHESTMODSEQ, hence the counters.)
     */
    private boolean isNewer(MailboxId mailboxId, MailboxStatusResponse status) {
        StatusMark mark = StatusMark.of(status);
        StatusMark previous = lastStatus.get(mailboxId);
        if (previous != null && (mark.modSeq < previous.modSeq || mark.equals(previous))) {
            return false;
        }
        lastStatus.put(mailboxId, mark);
        return true;
    }

    private static final class StatusMark {
        final long modSeq;
        final long messages;
        final long unseen;
        final long uidNext;

        private StatusMark(long modSeq, long messages, long unseen, long uidNext) {
            this.modSeq = modSeq;
            this.messages = messages;
            this.unseen = unseen;
            this.uidNext = uidNext;
        }

        static StatusMark of(MailboxStatusResponse status) {
            return new StatusMark(status.getHighestModSeq().asLong(), status.getMessages(), status.getUnseen(),
                status.getUidNext().asLong());
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof StatusMark)) {
                return false;
            }
            StatusMark that = (StatusMark) other;
            return modSeq == that.modSeq && messages == that.messages && unseen == that.unseen && uidNext == that.uidNext;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(modSeq, messages, unseen, uidNext);
        }
    }
}
