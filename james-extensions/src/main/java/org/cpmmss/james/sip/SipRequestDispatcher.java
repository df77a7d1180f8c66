package org.cpmmss.james.sip;

import java.text.ParseException;
import java.util.Optional;

import javax.inject.Inject;
import javax.sip.ServerTransaction;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.cpmmss.recording.port.OwnerDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one request the stack handed over, on a worker thread: a defect the parser recorded first
 * ({@link SipRequestDefects}), then the peer check (a trusted peer of {@code sip.trusted-peers}, else HTTP Digest
 * with {@code sip.digest.users}: 401 challenge, 403 refusal), then by method: MESSAGE to {@link SipMessageIngest},
 * REGISTER to {@link SipRegistrar}, OPTIONS answered here, anything else 405 with Allow. An unavailable user directory
 * is a 503 with Retry-After, any other failure a 500.
 */
class SipRequestDispatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(SipRequestDispatcher.class);
    static final String ALLOW = "MESSAGE, REGISTER, OPTIONS";

    private final SipEndpoint endpoint;
    private final SipBridgeConfiguration configuration;
    private final DigestAuthenticator digest;
    private final SipMessageIngest ingest;
    private final SipRegistrar registrar;

    @Inject
    SipRequestDispatcher(SipEndpoint endpoint, SipBridgeConfiguration configuration, DigestAuthenticator digest,
                         SipMessageIngest ingest, SipRegistrar registrar) {
        this.endpoint = endpoint;
        this.configuration = configuration;
        this.digest = digest;
        this.ingest = ingest;
        this.registrar = registrar;
    }

    /** Answers the request in its server transaction; {@code remoteAddress} is the peer's IP address (null if unknown). */
    void answer(ServerTransaction transaction, Request request, String remoteAddress) {
        Response response;
        try {
            response = dispatch(request, remoteAddress);
        } catch (OwnerDirectory.DirectoryUnavailable e) {
            LOGGER.warn("SIP {}: {}", request.getMethod(), e.getMessage(), e);
            response = SipMessages.retryLater(endpoint, request, e.getMessage() + "; retry");
        } catch (Exception e) {
            LOGGER.error("SIP {} failed", request.getMethod(), e);
            response = SipMessages.response(endpoint, request, Response.SERVER_INTERNAL_ERROR, "Server Internal Error");
        }
        try {
            transaction.sendResponse(response);
        } catch (Exception e) {
            LOGGER.warn("cannot answer a SIP {}: {}", request.getMethod(), e.toString());
        }
    }

    private Response dispatch(Request request, String remoteAddress) throws Exception {
        Optional<Response> malformed = SipRequestDefects.answer(endpoint, request);
        if (malformed.isPresent()) {
            return malformed.get();
        }
        if (!configuration.trusted(remoteAddress)) {
            Response refused = authenticate(request, remoteAddress);
            if (refused != null) {
                return refused;
            }
        }
        return switch (request.getMethod()) {
            case Request.MESSAGE -> ingest.handle(request);
            case Request.REGISTER -> registrar.handle(request);
            case Request.OPTIONS -> {
                Response ok = SipMessages.response(endpoint, request, Response.OK, "OK");
                allow(ok);
                ok.addHeader(endpoint.headerFactory().createAcceptHeader("message", "cpim"));
                yield ok;
            }
            default -> {
                Response r = SipMessages.response(endpoint, request, Response.METHOD_NOT_ALLOWED, "Method Not Allowed");
                allow(r);
                yield r;
            }
        };
    }

    private void allow(Response response) throws ParseException {
        for (String method : ALLOW.split(", ")) {
            response.addHeader(endpoint.headerFactory().createAllowHeader(method));
        }
    }

    /** Null when the request may proceed; otherwise the 401 challenge or the 403 refusal. */
    private Response authenticate(Request request, String remoteAddress) throws Exception {
        if (!configuration.digestEnabled()) {
            LOGGER.debug("SIP {} from untrusted peer {} refused", request.getMethod(), remoteAddress);
            return SipMessages.response(endpoint, request, Response.FORBIDDEN, "Forbidden (untrusted peer)");
        }
        DigestAuthenticator.Result result = digest.check(request);
        if (result == DigestAuthenticator.Result.VALID) {
            return null;
        }
        if (result == DigestAuthenticator.Result.INVALID) {
            return SipMessages.response(endpoint, request, Response.FORBIDDEN, "Forbidden (bad credentials)");
        }
        Response challenge = SipMessages.response(endpoint, request, Response.UNAUTHORIZED, "Unauthorized");
        WWWAuthenticateHeader www = endpoint.headerFactory().createWWWAuthenticateHeader("Digest");
        www.setRealm(digest.realm());
        www.setNonce(digest.newNonce());
        www.setAlgorithm("MD5");
        www.setQop("auth");
        if (result == DigestAuthenticator.Result.STALE) {
            www.setStale(true);
        }
        challenge.addHeader(www);
        return challenge;
    }
}
