package org.cpmmss.james.imap.core;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.cpmmss.james.plumbing.ClientActivity;

import reactor.core.publisher.Mono;

/**
 * Notes every IMAP request in {@link ClientActivity} (the search indexer yields to clients): under way from its
 * arrival until it is answered (its processing completes, fails or is cancelled with its connection). IDLE's
 * processing ends once its continuation is sent (the DONE is read by a line handler of its own), so a device waiting
 * in IDLE does not keep the server "busy".
 */
final class ClientActivityProcessor implements ImapProcessor {
    private final ImapProcessor delegate;
    private final ClientActivity activity;

    ClientActivityProcessor(ImapProcessor delegate, ClientActivity activity) {
        this.delegate = delegate;
        this.activity = activity;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        return Mono.defer(() -> {
            activity.requestStarted();
            return delegate.processReactive(message, responder, session).doFinally(signal -> activity.requestEnded());
        });
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        delegate.configure(imapConfiguration);
    }
}
