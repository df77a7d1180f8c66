package org.cpmmss.james.imap.profile;

import java.util.List;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.main.DeniedAccessOnSharedMailboxException;
import org.apache.james.imap.message.request.AbstractMailboxSelectionRequest;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.message.response.MailboxStatusResponse;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;

import com.google.common.collect.ImmutableSet;

import reactor.core.publisher.Mono;

/**
 * James's processor chain plus the profile: CONDSTORE enabled in the configuration the chain receives (so that
 * CAPABILITY advertises it and ENABLE accepts it), and FETCH/STATUS responses handed to the encoder with the
 * item order their request was written with.
 */
public final class ProfileImapProcessor implements ImapProcessor {
    private static final StatusResponseFactory DENIALS = new UnpooledStatusResponseFactory();
    private final ImapProcessor delegate;
    private final ImapProfileConfiguration configuration;
    private final RequestOrders orders;

    public ProfileImapProcessor(ImapProcessor delegate, ImapProfileConfiguration configuration, RequestOrders orders) {
        this.delegate = delegate;
        this.configuration = configuration;
        this.orders = orders;
    }

    @Override
    public void process(ImapMessage message, Responder responder, ImapSession session) {
        try {
            delegate.process(message, responder(message, responder, session), session);
        } catch (DeniedAccessOnSharedMailboxException e) {
            denied(message, responder);
        }
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        // James throws DeniedAccessOnSharedMailboxException synchronously for a name outside the user's own
        // namespace (e.g. LIST "#user" "*", SETACL "#other/..."): unhandled, Netty closes the connection.
        // Here it becomes a tagged NO, as James answers when the exception is raised later.
        return Mono.defer(() -> delegate.processReactive(message, responder(message, responder, session), session))
            .onErrorResume(DeniedAccessOnSharedMailboxException.class, e -> {
                denied(message, responder);
                return Mono.empty();
            });
    }

    private static void denied(ImapMessage message, Responder responder) {
        if (message instanceof ImapRequest) {
            ImapRequest request = (ImapRequest) message;
            responder.respond(DENIALS.taggedNo(request.getTag(), request.getCommand(), HumanReadableText.DENIED_SHARED_MAILBOX));
            responder.flush();
        } else {
            throw new DeniedAccessOnSharedMailboxException();
        }
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        delegate.configure(configuration.condstoreAdvertised() ? withCondstore(imapConfiguration) : imapConfiguration);
    }

    static ImapConfiguration withCondstore(ImapConfiguration original) {
        ImapConfiguration.Builder builder = ImapConfiguration.builder()
            .enableIdle(original.isEnableIdle())
            .idleTimeInterval(original.getIdleTimeInterval())
            .idleTimeIntervalUnit(original.getIdleTimeIntervalUnit())
            .concurrentRequests(original.getConcurrentRequests())
            .maxQueueSize(original.getMaxQueueSize())
            .disabledCaps(original.getDisabledCaps().stream().map(Capability::asString).collect(ImmutableSet.toImmutableSet()))
            .isProvisionDefaultMailboxes(original.isProvisionDefaultMailboxes())
            .withCustomProperties(original.getCustomProperties())
            .isCondstoreEnable(true);
        original.getAppendLimit().ifPresent(builder::appendLimit);
        return builder.build();
    }

    private Responder responder(ImapMessage message, Responder responder, ImapSession session) {
        Responder ordered = ordering(message, responder);
        if (!configuration.condstoreAdvertised()) {
            return ordered;
        }
        Responder positive = new PositiveHighestModSeq(ordered);
        if (message instanceof AbstractMailboxSelectionRequest) {
            return new SelectHighestModSeq(QresyncVanished.wrap(positive, (AbstractMailboxSelectionRequest) message, session), session);
        }
        return positive;
    }

    private Responder ordering(ImapMessage message, Responder responder) {
        if (!configuration.requestOrderResponses()) {
            return responder;
        }
        List<String> requested = orders.orderOf(message).orElse(List.of());
        orders.forget(message);
        boolean uidCommand = message instanceof FetchRequest && ((FetchRequest) message).isUseUids();
        boolean fetch = message instanceof FetchRequest;
        return new Responder() {
            @Override
            public void respond(ImapResponseMessage response) {
                if (response instanceof FetchResponse) {
                    // UID first for UID FETCH (as Dovecot); other FETCH lines (flag updates, QRESYNC) get UID FLAGS MODSEQ
                    responder.respond(new OrderedFetchResponse((FetchResponse) response, fetch ? requested : List.of(),
                        uidCommand || !fetch));
                } else if (response instanceof MailboxStatusResponse && !requested.isEmpty() && !fetch) {
                    responder.respond(new OrderedStatusResponse((MailboxStatusResponse) response, requested));
                } else {
                    responder.respond(response);
                }
            }

            @Override
            public void flush() {
                responder.flush();
            }
        };
    }
}
