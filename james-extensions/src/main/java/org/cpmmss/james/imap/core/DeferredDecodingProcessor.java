package org.cpmmss.james.imap.core;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.ImapDecoder;

import reactor.core.publisher.Mono;

/**
 * The processor the IMAP server is given: decodes each {@link FramedRequest} with the bound {@link ImapDecoder}
 * (James's, with the profile's decorators) at the moment James's per-connection queue runs it, then hands the
 * request to the bound processor. Anything else goes straight through.
 */
final class DeferredDecodingProcessor implements ImapProcessor {
    private final ImapProcessor delegate;
    private final ImapDecoder decoder;

    DeferredDecodingProcessor(ImapProcessor delegate, ImapDecoder decoder) {
        this.delegate = delegate;
        this.decoder = decoder;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (message instanceof FramedRequest) {
            FramedRequest framed = (FramedRequest) message;
            return Mono.defer(() -> delegate.processReactive(framed.decode(decoder, session), responder, session));
        }
        return delegate.processReactive(message, responder, session);
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        delegate.configure(imapConfiguration);
    }
}
