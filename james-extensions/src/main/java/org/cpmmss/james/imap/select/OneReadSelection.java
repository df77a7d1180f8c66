package org.cpmmss.james.imap.select;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.AbstractMailboxSelectionRequest;
import org.cpmmss.james.store.mailbox.SelectionScope;

import reactor.core.publisher.Mono;

/**
 * SELECT and EXAMINE (with or without CONDSTORE/QRESYNC) answered from one read of the folder: James's processing
 * runs inside a {@link SelectionScope}, so the UID list it loads into the selected mailbox and the EXISTS, RECENT,
 * UNSEEN, UIDNEXT and HIGHESTMODSEQ it reports come from a single pass over the folder's metadata rows instead of
 * one pass per figure, and a folder with no recent message is not read again to clear {@code \Recent}. James builds
 * the answers, so they are the same lines in the same order; every other command passes through unchanged.
 */
public final class OneReadSelection implements ImapProcessor {
    private final ImapProcessor delegate;

    public OneReadSelection(ImapProcessor delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (message instanceof AbstractMailboxSelectionRequest) {
            return delegate.processReactive(message, responder, session).contextWrite(SelectionScope.open());
        }
        return delegate.processReactive(message, responder, session);
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        delegate.configure(imapConfiguration);
    }
}
