package org.cpmmss.james.imap.core;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.cpmmss.james.plumbing.ClientActivity;

import reactor.core.publisher.Mono;

/** Notes every IMAP request in {@link ClientActivity} (the search indexer yields to clients), then processes it. */
final class ClientActivityProcessor implements ImapProcessor {
    private final ImapProcessor delegate;
    private final ClientActivity activity;

    ClientActivityProcessor(ImapProcessor delegate, ClientActivity activity) {
        this.delegate = delegate;
        this.activity = activity;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        activity.noteRequest();
        return delegate.processReactive(message, responder, session);
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        delegate.configure(imapConfiguration);
    }
}
