package org.cpmmss.james.imap.profile;

import java.util.function.BiPredicate;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;

import reactor.core.publisher.Mono;

/**
 * James's processor chain with the requests of one kind that a processor of ours takes answered by it, every other
 * request by James's chain unchanged: the RCS sync FETCH shapes from the store, COPY of the whole set at once, a STORE
 * of system flags at once. Placed where James's chain is, so the conformance corrections, the per-account queue and
 * the profile's decorators wrap both paths alike.
 *
 * @param <R> the request kind the own processor answers
 */
public final class OwnProcessorRoute<R extends ImapMessage> implements ImapProcessor {
    private final ImapProcessor james;
    private final Class<R> kind;
    private final BiPredicate<R, ImapSession> takes;
    private final ImapProcessor own;

    public OwnProcessorRoute(ImapProcessor james, Class<R> kind, BiPredicate<R, ImapSession> takes, ImapProcessor own) {
        this.james = james;
        this.kind = kind;
        this.takes = takes;
        this.own = own;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (kind.isInstance(message) && takes.test(kind.cast(message), session)) {
            return own.processReactive(message, responder, session);
        }
        return james.processReactive(message, responder, session);
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        james.configure(imapConfiguration);
        own.configure(imapConfiguration);
    }
}
