package org.cpmmss.james.imap.profile;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.CapabilityRequest;
import org.apache.james.imap.message.request.LoginRequest;
import org.apache.james.imap.message.response.CapabilityResponse;

import reactor.core.publisher.Mono;

/**
 * {@code LOGIN} answers {@code OK [CAPABILITY …]} with the capabilities of the logged-in session (RFC 3501 7.1,
 * what Dovecot sends), so a client does not need a second round trip. The tagged OK of the LOGIN is held back
 * while James processes it, the capability list is asked from James's own CAPABILITY processor for the session,
 * and the OK is written with it ({@link CapabilityOk}, encoded by {@link ProfileImapEncoder}). NO/BAD pass as they are.
 */
final class LoginCapability {
    private final ImapProcessor james;

    LoginCapability(ImapProcessor james) {
        this.james = james;
    }

    Mono<Void> process(LoginRequest login, Responder responder, ImapSession session) {
        HoldTaggedOk holder = new HoldTaggedOk(responder);
        return Mono.defer(() -> james.processReactive(login, holder, session))
            .then(Mono.defer(() -> {
                StatusResponse ok = holder.release();
                if (ok == null) {
                    return Mono.empty();
                }
                Capture capture = new Capture();
                return james.processReactive(new CapabilityRequest(login.getTag()), capture, session)
                    .then(Mono.fromRunnable(() -> {
                        responder.respond(capture.capabilities.isEmpty() ? ok : new CapabilityOk(ok, capture.capabilities));
                        responder.flush();
                    }));
            }));
    }

    /** A tagged OK with the capability list as response code. */
    static final class CapabilityOk implements ImapResponseMessage {
        private final StatusResponse ok;
        private final List<Capability> capabilities;

        CapabilityOk(StatusResponse ok, List<Capability> capabilities) {
            this.ok = ok;
            this.capabilities = capabilities;
        }

        StatusResponse ok() {
            return ok;
        }

        List<Capability> capabilities() {
            return capabilities;
        }
    }

    /** Passes everything but the tagged OK, which it keeps until {@link #release}; after that it passes all. */
    private static final class HoldTaggedOk implements Responder {
        private final Responder delegate;
        private StatusResponse held;
        private boolean released;

        HoldTaggedOk(Responder delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized void respond(ImapResponseMessage message) {
            if (!released && message instanceof StatusResponse && ((StatusResponse) message).getTag() != null
                && ((StatusResponse) message).getServerResponseType() == StatusResponse.Type.OK) {
                held = (StatusResponse) message;
                return;
            }
            delegate.respond(message);
        }

        @Override
        public void flush() {
            delegate.flush();
        }

        synchronized StatusResponse release() {
            released = true;
            return held;
        }
    }

    private static final class Capture implements Responder {
        private final List<Capability> capabilities = new ArrayList<>();

        @Override
        public void respond(ImapResponseMessage message) {
            if (message instanceof CapabilityResponse) {
                capabilities.addAll(((CapabilityResponse) message).getCapabilities());
            }
        }

        @Override
        public void flush() {
        }
    }
}
