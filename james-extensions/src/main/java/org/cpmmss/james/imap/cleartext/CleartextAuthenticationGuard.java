package org.cpmmss.james.imap.cleartext;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.AbstractImapRequest;
import org.apache.james.imap.message.request.AuthenticateRequest;
import org.apache.james.imap.message.request.CapabilityRequest;
import org.apache.james.imap.message.request.LoginRequest;
import org.apache.james.imap.message.response.CapabilityResponse;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.imapserver.netty.ImapChannelUpstreamHandler;
import org.apache.james.util.MDCBuilder;
import org.cpmmss.james.plumbing.CpmSettings;
import org.cpmmss.james.security.Networks;
import org.slf4j.MDC;

import reactor.core.publisher.Mono;

/**
 * No password in clear text off the trusted networks (RFC 3501 §6.2.3, §7.2.1): on a connection without TLS
 * from a client outside {@value #NETWORKS_KEY} (default: loopback only), {@code CAPABILITY} announces
 * {@code LOGINDISABLED} and no {@code AUTH=} mechanism, and {@code LOGIN} and {@code AUTHENTICATE} (any
 * mechanism) are answered {@code NO} without looking at the credentials; the connection stays open, so the client
 * may still use STARTTLS where it is offered. Over TLS (IMAPS, or after STARTTLS) and from the trusted networks
 * every command goes through unchanged. The client's address is the one James logs for the connection (the
 * PROXY protocol's source when that is on).
 */
public final class CleartextAuthenticationGuard implements ImapProcessor {
    public static final String NETWORKS_KEY = "cpm.imap.cleartext-auth-networks";
    public static final String DEFAULT_NETWORKS = "127.0.0.0/8, ::1";
    private static final String VERDICT = "org.cpmmss.imap.cleartext-auth-allowed";
    private static final Capability LOGINDISABLED = Capability.of("LOGINDISABLED");
    private static final StatusResponseFactory RESPONSES = new UnpooledStatusResponseFactory();

    private final ImapProcessor delegate;
    private final Networks trusted;

    public CleartextAuthenticationGuard(ImapProcessor delegate, Networks trusted) {
        this.delegate = delegate;
        this.trusted = trusted;
    }

    /** The trusted networks of {@code conf/cpm.properties} ({@value #NETWORKS_KEY}), loopback when absent. */
    public static Networks trustedNetworks(CpmSettings settings)
        throws org.apache.commons.configuration2.ex.ConfigurationException {
        String list = settings.value(NETWORKS_KEY).orElse(DEFAULT_NETWORKS);
        try {
            return Networks.parse(list);
        } catch (IllegalArgumentException e) {
            throw new org.apache.commons.configuration2.ex.ConfigurationException(NETWORKS_KEY + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (session.isTLSActive() || mayAuthenticateInClear(session)) {
            return delegate.processReactive(message, responder, session);
        }
        if (message instanceof LoginRequest || message instanceof AuthenticateRequest) {
            return Mono.fromRunnable(() -> refuse((AbstractImapRequest) message, responder));
        }
        if (message instanceof CapabilityRequest) {
            return delegate.processReactive(message, new LoginDisabledCapabilities(responder), session);
        }
        return delegate.processReactive(message, responder, session);
    }

    private boolean mayAuthenticateInClear(ImapSession session) {
        Object known = session.getAttribute(VERDICT);
        if (known instanceof Boolean verdict) {
            return verdict;
        }
        boolean verdict = clientAddress(session).map(trusted::contains).orElse(false);
        session.setAttribute(VERDICT, verdict);
        return verdict;
    }

    /** The client's IP as James bound it to the connection's log context (no other public accessor in 3.8.1). */
    private static java.util.Optional<InetAddress> clientAddress(ImapSession session) {
        if (!(session.getAttribute(ImapChannelUpstreamHandler.MDC_KEY) instanceof MDCBuilder context)) {
            return java.util.Optional.empty();
        }
        Map<String, String> saved = MDC.getCopyOfContextMap();
        String ip;
        try {
            ip = context.execute(() -> MDC.get(MDCBuilder.IP));
        } finally {
            if (saved == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(saved);
            }
        }
        return ip == null ? java.util.Optional.empty() : ipLiteral(ip);
    }

    /** An IPv4 or IPv6 literal, possibly as {@code [host]:port}, {@code /host:port} or with a zone: never looked up. */
    static java.util.Optional<InetAddress> ipLiteral(String logged) {
        String s = logged.trim();
        s = s.substring(s.lastIndexOf('/') + 1);
        if (s.startsWith("[") && s.indexOf(']') > 0) {
            s = s.substring(1, s.indexOf(']'));
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':'));
        }
        s = s.replaceFirst("%.*$", "");
        boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = s.contains(":") && s.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(InetAddress.getByName(s));
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    private static void refuse(AbstractImapRequest request, Responder responder) {
        responder.respond(RESPONSES.taggedNo(request.getTag(), request.getCommand(), new HumanReadableText(
            "org.cpmmss.imap.cleartext-auth", "Cleartext authentication is disabled for this client (LOGINDISABLED):"
                + " use TLS")));
        responder.flush();
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        delegate.configure(imapConfiguration);
    }

    /** Rewrites the CAPABILITY response: no AUTH= mechanism, LOGINDISABLED. */
    private static final class LoginDisabledCapabilities implements Responder {
        private final Responder delegate;

        LoginDisabledCapabilities(Responder delegate) {
            this.delegate = delegate;
        }

        @Override
        public void respond(ImapResponseMessage message) {
            if (message instanceof CapabilityResponse capabilities) {
                Set<Capability> kept = new LinkedHashSet<>();
                for (Capability c : capabilities.getCapabilities()) {
                    if (!c.asString().toUpperCase(java.util.Locale.ROOT).startsWith("AUTH=")) {
                        kept.add(c);
                    }
                }
                kept.add(LOGINDISABLED);
                delegate.respond(new CapabilityResponse(kept));
                return;
            }
            delegate.respond(message);
        }

        @Override
        public void flush() {
            delegate.flush();
        }
    }
}
