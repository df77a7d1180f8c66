package org.cpmmss.james.imap.concurrency;

import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;

import reactor.core.publisher.Mono;

/**
 * The connection's IMAP session as seen by the commands that leave the selected state (CLOSE, UNSELECT, DELETE of the
 * selected folder): a deselect first releases the selected mailbox, then hands over to the real session. James
 * 3.8.1's {@code NettyImapSession.deselect()} forgets the selected mailbox before it closes it, so the mailbox was
 * never released: its event registration stayed, and every later event of the folder still went to it and grew its
 * recent set — one leaked selection per SELECT … CLOSE, until the heap was full (the soak's readers, which CLOSE
 * after each folder, exhausted 512 MB in 20 minutes; docs/benchmarks.md). A SELECT of another folder and a LOGOUT
 * release the previous mailbox themselves.
 */
final class DeselectSession extends ForwardingImapSession {
    DeselectSession(ImapSession session) {
        super(session);
    }

    @Override
    public Mono<Void> deselect() {
        SelectedMailbox selected = session.getSelected();
        Mono<Void> release = selected == null ? Mono.empty() : selected.deselect();
        return release.then(Mono.defer(session::deselect));
    }
}
