package org.cpmmss.james.imap.store;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.StoreRequest;

import reactor.core.publisher.Mono;

/**
 * James's processor chain with the silent STOREs of system flags answered by {@link StoreAtOnceProcessor} (the whole
 * set changed at once); every other command, and every other STORE, goes to James's chain unchanged.
 * {@code -Dcpm.imap.store.at-once=false} leaves every STORE to James's {@code StoreProcessor} (range by range).
 */
public final class StoreAtOncePath implements ImapProcessor {
    /** The switch (default on). */
    public static final String PROPERTY = "cpm.imap.store.at-once";

    private final ImapProcessor james;
    private final StoreAtOnceProcessor store;

    public StoreAtOncePath(ImapProcessor james, StoreAtOnceProcessor store) {
        this.james = james;
        this.store = store;
    }

    public static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty(PROPERTY, "true"));
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (message instanceof StoreRequest request && store.takes(request, session)) {
            return store.processReactive(message, responder, session);
        }
        return james.processReactive(message, responder, session);
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        james.configure(imapConfiguration);
        store.configure(imapConfiguration);
    }
}
