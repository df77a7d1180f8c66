package org.cpmmss.james.imap.concurrency;

import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;

import reactor.core.publisher.Mono;

/**
 * The connection's IMAP session as seen by James's SELECT/EXAMINE processing: everything goes to the real
 * session, except that the mailbox James selects is installed wrapped in a {@link ClientViewMailbox}, so that
 * every later command of the connection numbers messages the way the client knows them (and an IDLE on it
 * writes its updates in turn with the connection's commands, see {@link IdleSession}).
 */
final class SelectionSession extends ForwardingImapSession {
    SelectionSession(ImapSession session) {
        super(session);
    }

    @Override
    public Mono<Void> selected(SelectedMailbox mailbox) {
        SelectedMailbox view = mailbox instanceof ClientViewMailbox ? mailbox
            : new ClientViewMailbox(mailbox, ConnectionTurn.of(session));
        return session.selected(view);
    }
}
