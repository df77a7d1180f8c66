package org.cpmmss.james.sip;

import java.util.Arrays;
import java.util.Optional;

import javax.inject.Inject;

import org.cpmmss.cpm.mime.HeaderBlock;
import org.cpmmss.cpm.mime.MimeLimits;
import org.cpmmss.james.outbound.OutboundRoute;

/**
 * The SIP bridge's {@link SipOutboundRoute} as an {@link OutboundRoute} for the notification outbox: the object's
 * outer {@code From}/{@code To}/{@code Conversation-ID}/{@code Contribution-ID} address a SIP MESSAGE whose body is
 * the object's message/cpim body, sent through {@code sip.outbound.pf}. Only a 2xx final answer counts as sent.
 * Injected where the outbound route is chosen, which asks {@link #available()} at each choice.
 */
public class SipNotificationRoute implements OutboundRoute {
    private final SipEndpoint endpoint;
    private final SipOutboundRoute route;

    @Inject
    SipNotificationRoute(SipEndpoint endpoint, SipOutboundRoute route) {
        this.endpoint = endpoint;
        this.route = route;
    }

    /** This route when the bridge runs with {@code sip.outbound.pf} configured. */
    public Optional<OutboundRoute> available() {
        return endpoint.running() && route.enabled() ? Optional.of(this) : Optional.empty();
    }

    @Override
    public String name() {
        return "sip " + endpoint.configuration().outboundPf().orElse("?");
    }

    @Override
    public void send(byte[] object, String envelopeRecipient) throws Exception {
        if (!endpoint.running() || !route.enabled()) {
            throw new IllegalStateException("the SIP outbound route is off (sip.outbound.pf is empty)");
        }
        HeaderBlock headers = HeaderBlock.parse(object, 0, MimeLimits.DEFAULT, true, "notification header");
        String from = uri(headers, "From").orElseThrow(() -> new IllegalArgumentException("notification without From"));
        String to = uri(headers, "To").orElseThrow(() -> new IllegalArgumentException("notification without To"));
        byte[] cpim = Arrays.copyOfRange(object, headers.end(), object.length);
        int status = route.send(from, to, uri(headers, "Conversation-ID"), uri(headers, "Contribution-ID"), cpim);
        if (status < 200 || status >= 300) {
            throw new IllegalStateException("the PF answered " + status + " to the notification");
        }
    }

    private static Optional<String> uri(HeaderBlock headers, String name) {
        return headers.first(name).map(String::trim)
            .map(v -> v.startsWith("<") && v.endsWith(">") ? v.substring(1, v.length() - 1) : v).filter(v -> !v.isEmpty());
    }
}
