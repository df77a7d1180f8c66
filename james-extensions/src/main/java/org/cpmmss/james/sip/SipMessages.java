package org.cpmmss.james.sip;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ExtensionHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.message.SIPMessage;

/** Building and reading SIP messages for the bridge's parts (responses, outgoing MESSAGE requests, header values). */
final class SipMessages {
    /** Seconds a PF is asked to wait before retrying a temporarily refused request. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final SipEndpoint bridge;

    SipMessages(SipEndpoint bridge) {
        this.bridge = bridge;
    }

    SipEndpoint bridge() {
        return bridge;
    }

    /** A response whose reason phrase is kept on one line and short. */
    static Response response(SipEndpoint bridge, Request request, int status, String reason) {
        try {
            Response response = bridge.messageFactory().createResponse(status, request);
            response.setReasonPhrase(phrase(reason));
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (to != null && to.getTag() == null && status >= 200) {
                to.setTag(newTag());
            }
            return response;
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    Response response(Request request, int status, String reason) {
        return response(bridge, request, status, reason);
    }

    /** 503 with {@code Retry-After}: a temporary failure, nothing acknowledged; the PF retries the same request. */
    Response retryLater(Request request, String reason) {
        return retryLater(bridge, request, reason);
    }

    static Response retryLater(SipEndpoint bridge, Request request, String reason) {
        Response response = response(bridge, request, Response.SERVICE_UNAVAILABLE, "Service Unavailable (" + reason + ")");
        try {
            response.addHeader(bridge.headerFactory().createRetryAfterHeader(RETRY_AFTER_SECONDS));
        } catch (javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
        return response;
    }

    /** A new From/To tag. */
    static String newTag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String phrase(String reason) {
        String one = reason.replaceAll("[\\r\\n\\t]+", " ").replaceAll("[\\x00-\\x1f\\x7f]", "").trim();
        return one.length() > 200 ? one.substring(0, 200) : one;
    }

    void addHeader(Response response, String name, String value) {
        try {
            response.addHeader(bridge.headerFactory().createHeader(name, phrase(value)));
        } catch (ParseException e) {
            // a value the stack cannot carry is left out
        }
    }

    /** The value of a header, parsed or not (extension headers, and headers the stack could not parse). */
    static Optional<String> header(Request request, String name) {
        Header h = request.getHeader(name);
        if (h instanceof ExtensionHeader e) {
            return Optional.ofNullable(e.getValue()).map(String::trim).filter(v -> !v.isEmpty());
        }
        if (h != null) {
            String text = h.toString();
            int colon = text.indexOf(':');
            return Optional.of(text.substring(colon + 1).trim()).filter(v -> !v.isEmpty());
        }
        return unparsed(request, name);
    }

    /** A header the stack could not parse (e.g. {@code Expires} carrying an RFC 5322 date) is kept as text. */
    static Optional<String> unparsed(Request request, String name) {
        if (request instanceof SIPMessage message) {
            for (Iterator<String> it = message.getUnrecognizedHeaders(); it.hasNext(); ) {
                String line = it.next();
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return Optional.of(line.substring(colon + 1).trim()).filter(v -> !v.isEmpty());
                }
            }
        }
        return Optional.empty();
    }

    static byte[] body(Request request) {
        byte[] raw = request.getRawContent();
        return raw == null ? new byte[0] : raw;
    }

    /**
     * An out-of-dialog MESSAGE carrying message/cpim. {@code route}, when present, is a loose route (the PF)
     * the request is sent through; otherwise it goes to the Request-URI.
     */
    Request message(String requestUri, String fromUri, String toUri, Optional<String> route, Map<String, String> extraHeaders,
                    byte[] cpim) throws ParseException, SipException, javax.sip.InvalidArgumentException {
        URI target = bridge.addressFactory().createURI(requestUri);
        String transport = transport(route.isPresent() ? bridge.addressFactory().createURI(route.get()) : target);
        Address from = bridge.addressFactory().createAddress(bridge.addressFactory().createURI(fromUri));
        Address to = bridge.addressFactory().createAddress(bridge.addressFactory().createURI(toUri));
        SipBridgeConfiguration c = bridge.configuration();
        ViaHeader via = bridge.headerFactory().createViaHeader(c.host(), c.port(), transport, null);
        CallIdHeader callId = bridge.provider().getNewCallId();
        CSeqHeader cseq = bridge.headerFactory().createCSeqHeader(1L, Request.MESSAGE);
        FromHeader fromHeader = bridge.headerFactory().createFromHeader(from, newTag());
        ToHeader toHeader = bridge.headerFactory().createToHeader(to, null);
        MaxForwardsHeader maxForwards = bridge.headerFactory().createMaxForwardsHeader(70);
        ContentTypeHeader type = bridge.headerFactory().createContentTypeHeader("message", "cpim");
        Request request = bridge.messageFactory().createRequest(target, Request.MESSAGE, callId, cseq, fromHeader, toHeader,
            List.of(via), maxForwards, type, cpim);
        if (route.isPresent()) {
            Address routeAddress = bridge.addressFactory().createAddress(route.get());
            if (routeAddress.getURI() instanceof SipURI sip) {
                sip.setLrParam();
            }
            request.addHeader(bridge.headerFactory().createRouteHeader(routeAddress));
        }
        for (Map.Entry<String, String> e : extraHeaders.entrySet()) {
            request.addHeader(bridge.headerFactory().createHeader(e.getKey(), e.getValue()));
        }
        return request;
    }

    CompletableFuture<Response> send(Request request) throws SipException {
        return bridge.send(request);
    }

    private String transport(URI uri) {
        String t = uri instanceof SipURI sip ? sip.getTransportParam() : null;
        String transport = t == null ? "udp" : t.toLowerCase();
        List<String> enabled = bridge.configuration().transports();
        return enabled.contains(transport) ? transport : enabled.get(0);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
