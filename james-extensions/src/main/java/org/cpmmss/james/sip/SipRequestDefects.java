package org.cpmmss.james.sip;

import java.util.Optional;

import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The answer to a request the bridge must not process, before anything else looks at it, from the defects
 * {@link MalformedRequestParser} recorded: {@code 505 Version Not Supported} for a SIP version other than 2.0
 * (RFC 3261 §21.5.7), {@code 400 Bad Request (reason)} for the others (no Call-ID, CSeq, From or To, an unparsable
 * Max-Forwards, a datagram that is not SIP).
 */
final class SipRequestDefects {
    static final String SIP_2_0 = "SIP/2.0";

    private SipRequestDefects() {
    }

    static Optional<Response> answer(SipEndpoint bridge, Request request) {
        Header defects = request.getHeader(MalformedRequestParser.DEFECT_HEADER);
        if (defects != null) {
            String value = defects.toString();
            value = value.substring(value.indexOf(':') + 1).trim();
            if (value.contains(MalformedRequestParser.UNSUPPORTED_VERSION)) {
                return Optional.of(SipMessages.response(bridge, request, Response.VERSION_NOT_SUPPORTED,
                    "Version Not Supported (only " + SIP_2_0 + ")"));
            }
            return Optional.of(SipMessages.response(bridge, request, Response.BAD_REQUEST, "Bad Request (" + value + ")"));
        }
        return Optional.empty();
    }

    /**
     * Answers statelessly a request the stack gives no server transaction (an INVITE, which the bridge never
     * serves): its defect, else {@code 405} with Allow for a method the bridge does not serve, else {@code 500}.
     */
    static void answerWithoutTransaction(SipEndpoint bridge, Request request) {
        try {
            Response response = answer(bridge, request).orElse(null);
            if (response == null && !java.util.List.of(SipRequestDispatcher.ALLOW.split(", ")).contains(request.getMethod())) {
                response = SipMessages.response(bridge, request, Response.METHOD_NOT_ALLOWED, "Method Not Allowed");
                for (String method : SipRequestDispatcher.ALLOW.split(", ")) {
                    response.addHeader(bridge.headerFactory().createAllowHeader(method));
                }
            }
            if (response == null) {
                response = SipMessages.response(bridge, request, Response.SERVER_INTERNAL_ERROR, "Server Internal Error (no transaction)");
            }
            bridge.provider().sendResponse(response);
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(SipRequestDefects.class).debug("cannot answer a {} statelessly: {}",
                request.getMethod(), e.toString());
        }
    }
}
