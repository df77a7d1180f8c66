package org.cpmmss.james.imap.concurrency;

import org.apache.james.core.Username;
import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.AbstractMailboxSelectionRequest;
import org.apache.james.imap.message.request.AppendRequest;
import org.apache.james.imap.message.request.CloseRequest;
import org.apache.james.imap.message.request.CopyRequest;
import org.apache.james.imap.message.request.CreateRequest;
import org.apache.james.imap.message.request.DeleteRequest;
import org.apache.james.imap.message.request.ExpungeRequest;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.request.IdleRequest;
import org.apache.james.imap.message.request.LogoutRequest;
import org.apache.james.imap.message.request.MoveRequest;
import org.apache.james.imap.message.request.RenameRequest;
import org.apache.james.imap.message.request.ReplaceRequest;
import org.apache.james.imap.message.request.SelectRequest;
import org.apache.james.imap.message.request.StoreRequest;
import org.apache.james.imap.message.request.UnselectRequest;
import org.apache.james.imap.message.response.ExistsResponse;
import org.apache.james.imap.message.response.RecentResponse;

import reactor.core.publisher.Mono;

/**
 * James's processor chain made safe for several connections working on one account at once:
 * <ul>
 * <li>SELECT/EXAMINE install a {@link ClientViewMailbox}, so untagged EXPUNGE, EXISTS, RECENT and FETCH carry only
 * sequence numbers the client knows; the EXISTS of the selection is the count of that view, and a later command
 * starts with an EXISTS when messages arrived meanwhile;</li>
 * <li>every response goes through a {@link KeywordAnnouncer}: keywords appear in FLAGS before a FETCH uses them;</li>
 * <li>the commands that write to the account's mailboxes go through the account's {@link MailboxWriteQueue} as
 * writes (one at a time), a FETCH that changes nothing as a read (beside other reads, never beside a write), an
 * APPEND beside other APPENDs only.</li>
 * </ul>
 * See docs/imap-concurrency.md.
 */
public final class ConcurrentSessionsProcessor implements ImapProcessor {
    private final ImapProcessor delegate;
    private final MailboxWriteQueue writes;

    /** @param writes one queue for the whole server (every connection's processor chain shares it) */
    public ConcurrentSessionsProcessor(ImapProcessor delegate, MailboxWriteQueue writes) {
        this.delegate = delegate;
        this.writes = writes;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        boolean selection = message instanceof AbstractMailboxSelectionRequest;
        Responder announcing = new KeywordAnnouncer(responder, session, selection);
        Mono<Void> work = selection
            ? Mono.defer(() -> delegate.processReactive(message, selectionExists(announcing, session), new SelectionSession(session)))
            : message instanceof IdleRequest ? idle((IdleRequest) message, announcing, session)
            : Mono.defer(() -> {
                announceAtStart(message, announcing, session);
                return delegate.processReactive(message, announcing, leavesSelection(message) ? new DeselectSession(session) : session);
            });
        Username account = session.getUserName();
        if (account == null) {
            return work;
        }
        if (message instanceof AppendRequest) {
            return writes.append(account, work);
        }
        if (writes(message)) {
            return writes.serialise(account, work);
        }
        if (reads(message)) {
            return writes.read(account, work);
        }
        return work;
    }

    /** Commands after which no folder may be selected any more ({@link DeselectSession}). */
    private static boolean leavesSelection(ImapMessage message) {
        return message instanceof CloseRequest || message instanceof UnselectRequest || message instanceof DeleteRequest;
    }

    /**
     * IDLE runs with an {@link IdleSession}: its DONE and heartbeats come in turn with the connection's commands, and
     * an IDLE James answers NO or BAD (or that fails) stops waiting for DONE at once, so that the client's next
     * command is read as a command.
     */
    private Mono<Void> idle(IdleRequest request, Responder responder, ImapSession session) {
        return Mono.defer(() -> {
            IdleSession idle = new IdleSession(session, ConnectionTurn.of(session));
            Responder watching = new Responder() {
                @Override
                public void respond(ImapResponseMessage message) {
                    if (message instanceof StatusResponse && request.getTag().equals(((StatusResponse) message).getTag())
                        && ((StatusResponse) message).getServerResponseType() != StatusResponse.Type.OK) {
                        // before the answer is written: the client's next command must not reach the IDLE's handler
                        idle.endedWithoutDone();
                    }
                    responder.respond(message);
                }

                @Override
                public void flush() {
                    responder.flush();
                }
            };
            return delegate.processReactive(request, watching, idle)
                .doOnError(error -> idle.endedWithoutDone());
        });
    }

    /**
     * A command of the selected state starts with an untagged EXISTS when messages arrived since the client's
     * last one: the client may then address them by number, as James's own sessions allowed (RFC 3501 §7.3.1
     * lets EXISTS come at any time; only EXPUNGE is restricted).
     */
    private static void announceAtStart(ImapMessage message, Responder responder, ImapSession session) {
        SelectedMailbox selected = session.getSelected();
        if (selected instanceof ClientViewMailbox && !(message instanceof IdleRequest) && !(message instanceof LogoutRequest)
            && ((ClientViewMailbox) selected).announceAdded()) {
            responder.respond(new ExistsResponse(selected.existsCount()));
            responder.respond(new RecentResponse(selected.recentCount()));
        }
    }

    /** The selection's EXISTS: the number of messages of the client's view, taken at that moment. */
    private static Responder selectionExists(Responder responder, ImapSession session) {
        return new Responder() {
            @Override
            public void respond(ImapResponseMessage message) {
                SelectedMailbox selected = session.getSelected();
                if (message instanceof ExistsResponse && selected instanceof ClientViewMailbox) {
                    ((ClientViewMailbox) selected).announceAdded();
                    responder.respond(new ExistsResponse(selected.existsCount()));
                } else {
                    responder.respond(message);
                }
            }

            @Override
            public void flush() {
                responder.flush();
            }
        };
    }

    static boolean writes(ImapMessage message) {
        return message instanceof StoreRequest
            || message instanceof ExpungeRequest
            || message instanceof CloseRequest
            || message instanceof AppendRequest
            || message instanceof CopyRequest
            || message instanceof MoveRequest
            || message instanceof ReplaceRequest
            || message instanceof SelectRequest
            || message instanceof CreateRequest
            || message instanceof DeleteRequest
            || message instanceof RenameRequest
            // BODY[...] or RFC822(.TEXT) without .PEEK sets \Seen
            || message instanceof FetchRequest && ((FetchRequest) message).getFetch().isSetSeen();
    }

    /**
     * A FETCH that changes nothing: it reads the message content lazily, and beside a concurrent EXPUNGE of the
     * message James's JPA mailbox answered BODY[] "" (empty) for it; queued as a read it never runs beside a write,
     * and runs beside the other reads of the account.
     */
    static boolean reads(ImapMessage message) {
        return message instanceof FetchRequest && !((FetchRequest) message).getFetch().isSetSeen();
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        delegate.configure(imapConfiguration);
    }
}
