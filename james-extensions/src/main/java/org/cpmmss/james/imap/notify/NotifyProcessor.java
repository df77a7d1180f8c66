package org.cpmmss.james.imap.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.main.PathConverter;
import org.apache.james.imap.processor.AbstractMailboxProcessor;
import org.apache.james.imap.processor.CapabilityImplementingProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.exception.SubscriptionException;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.util.MDCBuilder;

import com.google.common.base.Suppliers;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code NOTIFY SET} / {@code NOTIFY NONE} (RFC 5465): records the connection's filters in the
 * {@link NotifyRegistry} (the {@link NotifyListener} then routes mailbox events to it), and with the STATUS
 * indicator answers the current STATUS of every matching non-selected mailbox.
 */
public class NotifyProcessor extends AbstractMailboxProcessor<NotifyRequest> implements CapabilityImplementingProcessor {
    private static final List<Capability> CAPABILITIES = List.of(Capability.of("NOTIFY"));
    private static final String SUPPORTED = Set.of(NotifyEvent.values()).stream()
        .map(NotifyEvent::wireName).sorted().collect(Collectors.joining(" "));

    private final NotifyRegistry registry;
    private final SubscriptionManager subscriptionManager;

    @Inject
    public NotifyProcessor(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory,
                           NotifyRegistry registry, SubscriptionManager subscriptionManager) {
        super(NotifyRequest.class, mailboxManager, factory, metricFactory);
        this.registry = registry;
        this.subscriptionManager = subscriptionManager;
    }

    @Override
    public List<Capability> getImplementedCapabilities(ImapSession session) {
        return CAPABILITIES;
    }

    @Override
    protected Mono<Void> processRequestReactive(NotifyRequest request, ImapSession session, Responder responder) {
        if (!request.getUnsupportedEvents().isEmpty()) {
            return Mono.fromRunnable(() -> no(request, responder, new HumanReadableText("org.cpmmss.imap.NOTIFY_BADEVENT",
                "NOTIFY event(s) not supported: " + String.join(" ", request.getUnsupportedEvents()) + "; supported: " + SUPPORTED)));
        }
        if (request.isNone()) {
            NotifyingSession existing = (NotifyingSession) session.getAttribute(NotifyingSession.ATTRIBUTE);
            if (existing != null) {
                existing.close();
                registry.unregister(existing);
            }
            return unsolicitedResponses(session, responder, false)
                .then(Mono.fromRunnable(() -> okComplete(request, responder)));
        }
        PathConverter paths = PathConverter.forSession(session);
        List<NotifyingSession.ResolvedFilter> filters = new ArrayList<>();
        for (NotifyFilter filter : request.getFilters()) {
            filters.add(new NotifyingSession.ResolvedFilter(filter,
                filter.mailboxes().stream().map(paths::buildFullPath).collect(Collectors.toList())));
        }
        NotifyingSession notifying = NotifyingSession.of(session, registry);
        notifying.configure(filters, responder);
        registry.register(notifying);

        Mono<Void> initialStatus = request.isSendStatus() ? initialStatus(session, notifying, responder) : Mono.empty();
        return initialStatus
            .then(unsolicitedResponses(session, responder, false))
            .then(Mono.fromRunnable(() -> okComplete(request, responder)));
    }

    private Mono<Void> initialStatus(ImapSession session, NotifyingSession notifying, Responder responder) {
        MailboxSession mailboxSession = session.getMailboxSession();
        java.util.function.Supplier<Set<MailboxPath>> subscriptions = Suppliers.memoize(() -> subscriptions(mailboxSession));
        return getMailboxManager().search(MailboxQuery.privateMailboxesBuilder(mailboxSession).build(),
                MailboxManager.MailboxSearchFetchType.Minimal, mailboxSession)
            .filter(mailbox -> !notifying.isSelected(mailbox.getId()))
            .filter(mailbox -> notifying.filterFor(mailbox.getPath(), subscriptions)
                .map(f -> !f.filter.events().isEmpty()).orElse(false))
            .concatMap(mailbox -> StatusSnapshot.of(getMailboxManager(), mailbox.getId(), mailbox.getPath(), mailboxSession)
                .doOnNext(status -> {
                    notifying.statusSent(mailbox.getId(), status);
                    responder.respond(status);
                }))
            .then();
    }

    private Set<MailboxPath> subscriptions(MailboxSession session) {
        try {
            return Set.copyOf(Flux.from(subscriptionManager.subscriptionsReactive(session)).collectList().block());
        } catch (SubscriptionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected MDCBuilder mdc(NotifyRequest request) {
        return MDCBuilder.create().addToContext(MDCBuilder.ACTION, "NOTIFY");
    }
}
