package org.cpmmss.james.imap.concurrency;


import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.StoreRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.mailbox.MailboxSession;
import org.cpmmss.james.store.api.SharedForce;
import org.cpmmss.james.store.api.SharedForces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * An IMAP STORE forced to disk once, whatever the number of ranges in its sequence set. James's STORE changes the
 * flags range by range (a UID STORE of 100 scattered messages is 100 changes), and each change on its own is a
 * forced write; here the command gets one {@link SharedForce}: each range's change commits, its announcement to the
 * other sessions is held, and the STORE's tagged answer waits for one force that makes all of them durable (and
 * then announces them).
 *
 * <p>Only STOREs of system flags: a STORE that sets a keyword may widen the folder's FLAGS, which James tells the
 * storing session through the change's announcement, during the command; such a STORE runs as before, a force per
 * range.</p>
 *
 * <p>Should the force fail, none of the changes is kept and the command answers {@code NO STORE processing failed.},
 * as James answers a STORE whose write failed. The untagged FETCH responses James wrote before it stand (as with a
 * STORE that failed part-way before): a client resynchronising with CHANGEDSINCE gets every message whose flags the
 * server holds differently, as the lost changes' MODSEQs are given again.</p>
 */
public final class OneForcePerStore implements ImapProcessor {
    private static final Logger LOGGER = LoggerFactory.getLogger(OneForcePerStore.class);
    private static final StatusResponseFactory STATUS = new UnpooledStatusResponseFactory();

    private final ImapProcessor delegate;
    private final SharedForces forces;

    public OneForcePerStore(ImapProcessor delegate, SharedForces forces) {
        this.delegate = delegate;
        this.forces = forces;
    }

    @Override
    public void process(ImapMessage message, Responder responder, ImapSession session) {
        processReactive(message, responder, session).block();
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (!(message instanceof StoreRequest store) || store.getFlags().getUserFlags().length > 0
            || session.getMailboxSession() == null) {
            return delegate.processReactive(message, responder, session);
        }
        return Mono.defer(() -> {
            MailboxSession mailboxSession = session.getMailboxSession();
            CommandForce force = new CommandForce(forces.open(), mailboxSession);
            mailboxSession.getAttributes().put(SharedForce.SESSION_ATTRIBUTE, force.shared);
            return delegate.processReactive(message, new ForcedAnswer(store, force, responder), session)
                // the chain ended without its tagged answer (it failed, or the connection went away): what it
                // changed is forced (or lost) all the same, so that it is announced (or forgotten)
                .doOnTerminate(force::complete)
                .doOnCancel(force::complete);
        });
    }

    /**
     * The STORE's responses as James writes them, but for its tagged answer: that one waits for the command's force,
     * and becomes {@code NO} when the force failed.
     */
    private static final class ForcedAnswer implements Responder {
        private final StoreRequest store;
        private final CommandForce force;
        private final Responder responder;

        private ForcedAnswer(StoreRequest store, CommandForce force, Responder responder) {
            this.store = store;
            this.force = force;
            this.responder = responder;
        }

        @Override
        public void respond(ImapResponseMessage message) {
            if (message instanceof StatusResponse status && store.getTag().equals(status.getTag())
                && !force.complete() && status.getServerResponseType() == StatusResponse.Type.OK) {
                responder.respond(STATUS.taggedNo(store.getTag(), store.getCommand(),
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

    /** The shared force of one STORE, completed once whichever way the command ends. */
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
                    LOGGER.error("A STORE's flag changes could not be forced to disk; none of them is kept", e);
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
