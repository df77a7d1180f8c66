package org.cpmmss.james.imap.fetch;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.FetchRequest;

import reactor.core.publisher.Mono;

/**
 * James's processor chain with the RCS sync FETCH shapes ({@link StoredFetchShape}) answered by
 * {@link StoredFetchProcessor} from the store; every other command, and every other FETCH, goes to James's chain
 * unchanged. Placed where James's chain is, so the conformance corrections, the per-account queue and the profile's
 * decorators wrap both paths alike.
 */
public final class StoredFetchPath implements ImapProcessor {
    private final ImapProcessor james;
    private final StoredFetchProcessor stored;

    public StoredFetchPath(ImapProcessor james, StoredFetchProcessor stored) {
        this.james = james;
        this.stored = stored;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (message instanceof FetchRequest fetch && StoredFetchShape.answers(fetch, session)) {
            return stored.processReactive(message, responder, session);
        }
        return james.processReactive(message, responder, session);
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        james.configure(imapConfiguration);
    }
}
