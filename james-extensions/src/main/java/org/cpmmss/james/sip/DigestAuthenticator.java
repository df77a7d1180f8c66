package org.cpmmss.james.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sip.header.AuthorizationHeader;
import javax.sip.message.Request;

/**
 * SIP digest authentication (RFC 3261 §22.4, RFC 2617 MD5, with or without {@code qop=auth}) for peers that
 * are not trusted by address. Nonces are stateless: a timestamp signed with a per-process key, valid for
 * {@link #NONCE_LIFETIME}, so that any bridge thread can check them.
 */
public class DigestAuthenticator {
    static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);

    private final String realm;
    private final Map<String, String> users;
    private final Clock clock;
    private final byte[] key = new byte[32];

    public DigestAuthenticator(String realm, Map<String, String> users, Clock clock) {
        this.realm = realm;
        this.users = users;
        this.clock = clock;
        new SecureRandom().nextBytes(key);
    }

    public String realm() {
        return realm;
    }

    public String newNonce() {
        String time = Long.toString(clock.millis());
        return Base64.getUrlEncoder().withoutPadding().encodeToString((time + ":" + sign(time)).getBytes(StandardCharsets.US_ASCII));
    }

    /** Outcome of checking a request's credentials. */
    public enum Result { NONE, VALID, STALE, INVALID }

    public Result check(Request request) {
        AuthorizationHeader auth = (AuthorizationHeader) request.getHeader(AuthorizationHeader.NAME);
        if (auth == null) {
            return Result.NONE;
        }
        if (!"Digest".equalsIgnoreCase(auth.getScheme()) || !realm.equals(auth.getRealm()) || auth.getUsername() == null
            || auth.getNonce() == null || auth.getResponse() == null || auth.getURI() == null) {
            return Result.INVALID;
        }
        String password = users.get(auth.getUsername());
        if (password == null) {
            return Result.INVALID;
        }
        if (!nonceSigned(auth.getNonce())) {
            return Result.INVALID;
        }
        String ha1 = md5(auth.getUsername() + ":" + realm + ":" + password);
        String ha2 = md5(request.getMethod() + ":" + auth.getURI().toString());
        String expected;
        String qop = auth.getQop();
        if (qop != null && !qop.isBlank()) {
            if (!"auth".equalsIgnoreCase(qop) || auth.getCNonce() == null) {
                return Result.INVALID;
            }
            String nc = String.format("%08x", auth.getNonceCount());
            expected = md5(ha1 + ":" + auth.getNonce() + ":" + nc + ":" + auth.getCNonce() + ":auth:" + ha2);
        } else {
            expected = md5(ha1 + ":" + auth.getNonce() + ":" + ha2);
        }
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
            auth.getResponse().toLowerCase().getBytes(StandardCharsets.US_ASCII))) {
            return Result.INVALID;
        }
        return nonceFresh(auth.getNonce()) ? Result.VALID : Result.STALE;
    }

    private boolean nonceSigned(String nonce) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(nonce), StandardCharsets.US_ASCII);
            int colon = decoded.indexOf(':');
            return colon > 0 && MessageDigest.isEqual(sign(decoded.substring(0, colon)).getBytes(StandardCharsets.US_ASCII),
                decoded.substring(colon + 1).getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean nonceFresh(String nonce) {
        String decoded = new String(Base64.getUrlDecoder().decode(nonce), StandardCharsets.US_ASCII);
        long issued = Long.parseLong(decoded.substring(0, decoded.indexOf(':')));
        return clock.millis() - issued <= NONCE_LIFETIME.toMillis();
    }

    private String sign(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String md5(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
