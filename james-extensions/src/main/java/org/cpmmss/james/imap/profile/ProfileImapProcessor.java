package org.cpmmss.james.imap.profile;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
import org.apache.james.imap.message.request.ListRequest;
import org.apache.james.imap.message.request.LoginRequest;
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
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        // James throws DeniedAccessOnSharedMailboxException synchronously for a name outside the user's own
        // namespace (e.g. LIST "#user" "*", SETACL "#other/..."): unhandled, Netty closes the connection.
        // Here it becomes a tagged NO, as James answers when the exception is raised later.
        Responder profiled = responder(message, responder, session);
        Mono<Void> processing;
        if (configuration.capabilityAfterLogin() && message instanceof LoginRequest) {
            processing = Mono.defer(() -> new LoginCapability(delegate).process((LoginRequest) message, profiled, session));
        } else {
            processing = Mono.defer(() -> delegate.processReactive(message, profiled, session));
        }
        if (profiled instanceof SelectResponseOrder) {
            processing = processing.doFinally(signal -> ((SelectResponseOrder) profiled).drain());
        }
        return processing
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
        Responder profiled = ordering(message, responder, session);
        if (configuration.childInfoWhenAsked() && message instanceof ListRequest) {
            profiled = ChildInfoWhenAsked.wrap(profiled, (ListRequest) message);
        }
        if (configuration.condstoreAdvertised()) {
            profiled = new PositiveHighestModSeq(profiled);
            if (message instanceof FetchRequest) {
                profiled = ImplicitSeenModSeq.wrap(profiled, (FetchRequest) message, session);
            }
        }
        if (message instanceof AbstractMailboxSelectionRequest) {
            Responder selection = configuration.selectResponseOrder() ? new SelectResponseOrder(profiled) : profiled;
            if (configuration.condstoreAdvertised()) {
                selection = new SelectHighestModSeq(
                    QresyncVanished.wrap(selection, (AbstractMailboxSelectionRequest) message, session), session);
            }
            return selection;
        }
        return profiled;
    }

    private Responder ordering(ImapMessage message, Responder responder, ImapSession session) {
        if (!configuration.requestOrderResponses()) {
            return responder;
        }
        List<String> requested = orders.take(session, message);
        boolean uidCommand = message instanceof FetchRequest && ((FetchRequest) message).isUseUids();
        boolean fetch = message instanceof FetchRequest;
        FlagUpdateShape flagUpdates = configuration.flagUpdateShape() && !(message instanceof AbstractMailboxSelectionRequest)
            ? new FlagUpdateShape(message, session) : null;
        Set<Integer> answered = new HashSet<>();
        return new Responder() {
            @Override
            public void respond(ImapResponseMessage response) {
                if (response instanceof FetchResponse) {
                    FetchResponse fetched = (FetchResponse) response;
                    // a FETCH command's own answer: once per message; anything else is a flag update
                    boolean result = fetch && answered.add(fetched.getMessageNumber().asInt());
                    if (!result && flagUpdates != null) {
                        responder.respond(flagUpdates.shape(fetched));
                    } else {
                        // UID first for UID FETCH (as Dovecot); other FETCH lines (flag updates, QRESYNC) get UID FLAGS MODSEQ
                        responder.respond(new OrderedFetchResponse(fetched, result ? requested : List.of(), uidCommand || !result));
                    }
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
