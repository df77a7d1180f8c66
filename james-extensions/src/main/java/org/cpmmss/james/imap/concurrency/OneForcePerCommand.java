package org.cpmmss.james.imap.concurrency;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.CopyRequest;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.request.StoreRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.mailbox.MailboxSession;
import org.cpmmss.james.store.api.SharedForce;
import org.cpmmss.james.store.api.SharedForces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * An IMAP command that changes flags forced to disk once, whatever the number of messages it changes. James's STORE
 * changes the flags range by range of its sequence set (a UID STORE of 100 scattered messages is 100 changes), and
 * James's FETCH of a body without {@code .PEEK} sets {@code \Seen} message by message; on the native store each of
 * those changes on its own is a forced write. Here the command gets one {@link SharedForce}: each change commits, its
 * announcement to the other sessions is held, and the command's tagged answer waits for one force that makes all of
 * them durable (and then announces them).
 *
 * <p>STOREs of system flags and FETCHes that set {@code \Seen}: a STORE that sets a keyword may widen the folder's
 * FLAGS, which James tells the storing session through the change's announcement, during the command; such a STORE
 * runs as before, a force per range.</p>
 *
 * <p>Should the force fail, none of the changes is kept and the command answers {@code NO <command> processing
 * failed.}, as James answers a command whose write failed. The untagged responses James wrote before it stand (as
 * with a STORE that failed part-way before): a client resynchronising with CHANGEDSINCE gets every message whose
 * flags the server holds differently, as the lost changes' MODSEQs are given again.</p>
 */
public final class OneForcePerCommand implements ImapProcessor {
    private static final Logger LOGGER = LoggerFactory.getLogger(OneForcePerCommand.class);
    private static final StatusResponseFactory STATUS = new UnpooledStatusResponseFactory();

    private final ImapProcessor delegate;
    private final SharedForces forces;

    public OneForcePerCommand(ImapProcessor delegate, SharedForces forces) {
        this.delegate = delegate;
        this.forces = forces;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (!forcedOnce(message) || session.getMailboxSession() == null) {
            return delegate.processReactive(message, responder, session);
        }
        ImapRequest request = (ImapRequest) message;
        return Mono.defer(() -> {
            MailboxSession mailboxSession = session.getMailboxSession();
            CommandForce force = new CommandForce(forces.open(), mailboxSession);
            mailboxSession.getAttributes().put(SharedForce.SESSION_ATTRIBUTE, force.shared);
            return delegate.processReactive(message, new ForcedAnswer(request, force, responder), session)
                // the chain ended without its tagged answer (it failed, or the connection went away): what it
                // changed is forced (or lost) all the same, so that it is announced (or forgotten)
                .doOnTerminate(force::complete)
                .doOnCancel(force::complete);
        });
    }

    /**
     * A STORE of system flags, a FETCH that sets {@code \Seen}, or a COPY (James copies range by range of its
     * sequence set; the copies' Added announcements are held as an append's are). Not MOVE: its expunges in the source
     * folder are announced by James after each range, with nothing to hold them.
     */
    static boolean forcedOnce(ImapMessage message) {
        return message instanceof StoreRequest store && store.getFlags().getUserFlags().length == 0
            || message instanceof FetchRequest fetch && fetch.getFetch().isSetSeen()
            || message instanceof CopyRequest;
    }

    /**
     * The command's responses as James writes them, but for its tagged answer: that one waits for the command's force,
     * and becomes {@code NO} when the force failed.
     */
    private static final class ForcedAnswer implements Responder {
        private final ImapRequest request;
        private final CommandForce force;
        private final Responder responder;

        private ForcedAnswer(ImapRequest request, CommandForce force, Responder responder) {
            this.request = request;
            this.force = force;
            this.responder = responder;
        }

        @Override
        public void respond(ImapResponseMessage message) {
            if (message instanceof StatusResponse status && request.getTag().equals(status.getTag())
                && !force.complete() && status.getServerResponseType() == StatusResponse.Type.OK) {
                responder.respond(STATUS.taggedNo(request.getTag(), request.getCommand(),
                    HumanReadableText.GENERIC_FAILURE_DURING_PROCESSING));
                return;
            }
            responder.respond(message);
        }

        @Override
        public void flush() {
            responder.flush();
        }
    }

    /** The shared force of one command, completed once whichever way the command ends. */
    private static final class CommandForce {
        private final SharedForce shared;
        private final MailboxSession session;
        private Boolean durable;

        private CommandForce(SharedForce shared, MailboxSession session) {
            this.shared = shared;
            this.session = session;
        }

        /**
         * Takes the force out of the session (the connection's next command must not write with it) and forces the
         * command's changes (the first call); whether they are durable.
         */
        synchronized boolean complete() {
            if (durable == null) {
                session.getAttributes().remove(SharedForce.SESSION_ATTRIBUTE, shared);
                try {
                    shared.complete();
                    durable = true;
                } catch (RuntimeException e) {
                    LOGGER.error("An IMAP command's flag changes could not be forced to disk; none of them is kept", e);
                    durable = false;
                }
            }
            return durable;
        }
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        delegate.configure(imapConfiguration);
    }
}
