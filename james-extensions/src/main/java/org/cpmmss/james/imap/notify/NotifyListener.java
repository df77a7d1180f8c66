package org.cpmmss.james.imap.notify;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.imap.message.response.MailboxStatusResponse;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.apache.james.mailbox.events.MailboxEvents.Expunged;
import org.apache.james.mailbox.events.MailboxEvents.FlagsUpdated;
import org.apache.james.mailbox.events.MailboxEvents.MailboxAdded;
import org.apache.james.mailbox.events.MailboxEvents.MailboxDeletion;
import org.apache.james.mailbox.events.MailboxEvents.MailboxEvent;
import org.apache.james.mailbox.events.MailboxEvents.MailboxRenamed;
import org.apache.james.mailbox.events.MailboxEvents.MailboxSubscribedEvent;
import org.apache.james.mailbox.events.MailboxEvents.MailboxUnsubscribedEvent;
import org.apache.james.mailbox.model.MailboxPath;
import org.cpmmss.james.mailbox.events.EveryNodeKey;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.base.Suppliers;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The mailbox event-bus listener behind NOTIFY, registered on every node under {@link EveryNodeKey} (not as a
 * group listener: with several nodes a group runs on one node only, and the watching connection may be on any).
 * Every mailbox event of the cluster — whichever door caused
 * it (IMAP, LMTP, SMTP, HTTP, SIP, the expiry sweeper) — is routed by the mailbox owner to that user's NOTIFY
 * connections whose filters ask for it. For message events the mailbox STATUS is computed once per event and the
 * same response is queued on every interested connection; connections that have the mailbox selected are left to
 * James's own EXISTS/EXPUNGE/FETCH machinery. Asynchronous: ingestion never waits for it.
 */
public class NotifyListener implements EventListener.ReactiveEventListener {
    private static final Logger LOGGER = LoggerFactory.getLogger(NotifyListener.class);

    private final NotifyRegistry registry;
    private final MailboxManager mailboxManager;
    private final SubscriptionManager subscriptionManager;

    @Inject
    public NotifyListener(NotifyRegistry registry, MailboxManager mailboxManager, SubscriptionManager subscriptionManager) {
        this.registry = registry;
        this.mailboxManager = mailboxManager;
        this.subscriptionManager = subscriptionManager;
    }

    @Override
    public ExecutionMode getExecutionMode() {
        return ExecutionMode.ASYNCHRONOUS;
    }

    @Override
    public boolean isHandling(Event event) {
        return event instanceof Added || event instanceof Expunged || event instanceof FlagsUpdated
            || event instanceof MailboxAdded || event instanceof MailboxDeletion || event instanceof MailboxRenamed
            || event instanceof MailboxSubscribedEvent || event instanceof MailboxUnsubscribedEvent;
    }

    @Override
    public Publisher<Void> reactiveEvent(Event event) {
        MailboxEvent mailboxEvent = (MailboxEvent) event;
        Username owner = mailboxEvent.getMailboxPath().getUser();
        List<NotifyingSession> sessions = registry.sessionsOf(owner).stream()
            .filter(session -> !session.isOrigin(mailboxEvent.getSessionId()))
            .collect(Collectors.toList());
        if (sessions.isEmpty()) {
            return Mono.empty();
        }
        return Mono.fromRunnable(() -> route(mailboxEvent, owner, sessions))
            .subscribeOn(Schedulers.boundedElastic())
            .onErrorResume(e -> {
                LOGGER.warn("NOTIFY: cannot route {}", event.getClass().getSimpleName(), e);
                return Mono.empty();
            })
            .then();
    }

    private void route(MailboxEvent event, Username owner, List<NotifyingSession> sessions) {
        MailboxSession systemSession = mailboxManager.createSystemSession(owner);
        Supplier<Set<MailboxPath>> subscriptions = Suppliers.memoize(() -> subscriptions(systemSession));
        MailboxPath path = event.getMailboxPath();
        if (event instanceof Added || event instanceof Expunged || event instanceof FlagsUpdated) {
            NotifyEvent kind = event instanceof Added ? NotifyEvent.MESSAGE_NEW
                : event instanceof Expunged ? NotifyEvent.MESSAGE_EXPUNGE : NotifyEvent.FLAG_CHANGE;
            List<NotifyingSession> targets = sessions.stream()
                .filter(session -> !session.isSelected(event.getMailboxId()))
                .filter(session -> session.wants(kind, path, subscriptions))
                .collect(Collectors.toList());
            if (targets.isEmpty()) {
                return;
            }
            MailboxStatusResponse status = StatusSnapshot.of(mailboxManager, event.getMailboxId(), path, systemSession).block();
            if (status != null) {
                targets.forEach(session -> session.enqueueStatus(event.getMailboxId(), status));
            }
            return;
        }
        for (NotifyingSession session : sessions) {
            mailboxNameResponse(event, session, subscriptions).ifPresent(session::enqueue);
        }
    }

    private Optional<MailboxNameResponse> mailboxNameResponse(MailboxEvent event, NotifyingSession session,
                                                              Supplier<Set<MailboxPath>> subscriptions) {
        MailboxPath path = event.getMailboxPath();
        char delimiter = session.delimiter();
        if (event instanceof MailboxAdded && session.wants(NotifyEvent.MAILBOX_NAME, path, subscriptions)) {
            return Optional.of(new MailboxNameResponse(List.of(), delimiter, path.getName(), Optional.empty()));
        }
        if (event instanceof MailboxDeletion && session.wants(NotifyEvent.MAILBOX_NAME, path, subscriptions)) {
            return Optional.of(new MailboxNameResponse(List.of("\\NonExistent"), delimiter, path.getName(), Optional.empty()));
        }
        if (event instanceof MailboxRenamed) {
            MailboxPath newPath = ((MailboxRenamed) event).getNewPath();
            if (session.wants(NotifyEvent.MAILBOX_NAME, path, subscriptions) || session.wants(NotifyEvent.MAILBOX_NAME, newPath, subscriptions)) {
                return Optional.of(new MailboxNameResponse(List.of(), delimiter, newPath.getName(), Optional.of(path.getName())));
            }
        }
        if (event instanceof MailboxSubscribedEvent && session.wants(NotifyEvent.SUBSCRIPTION_CHANGE, path, subscriptions)) {
            return Optional.of(new MailboxNameResponse(List.of("\\Subscribed"), delimiter, path.getName(), Optional.empty()));
        }
        if (event instanceof MailboxUnsubscribedEvent && session.wants(NotifyEvent.SUBSCRIPTION_CHANGE, path, subscriptions)) {
            return Optional.of(new MailboxNameResponse(List.of(), delimiter, path.getName(), Optional.empty()));
        }
        return Optional.empty();
    }

    private Set<MailboxPath> subscriptions(MailboxSession session) {
        try {
            return Set.copyOf(Flux.from(subscriptionManager.subscriptionsReactive(session)).collectList().block());
        } catch (Exception e) {
            LOGGER.warn("NOTIFY: cannot read the subscriptions of {}", session.getUser().asString(), e);
            return Set.of();
        }
    }
}
