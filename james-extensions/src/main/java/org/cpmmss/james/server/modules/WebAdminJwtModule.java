package org.cpmmss.james.server.modules;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import javax.inject.Named;
import javax.inject.Singleton;

import org.apache.james.jwt.JwtTokenVerifier;
import org.apache.james.jwt.MissingOrInvalidKeyException;
import org.apache.james.webadmin.WebAdminConfiguration;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * WebAdmin's JWT verification ({@code jwt.enabled=true}, {@code jwt.publickeypem.url} in webadmin.properties) without
 * BouncyCastle, which cpm-mss leaves out of its class path (james-extensions/pom.xml): James reads the PEM key with
 * BouncyCastle's parser and would fail to start; this reads a {@code -----BEGIN PUBLIC KEY-----} (X.509
 * SubjectPublicKeyInfo) RSA or EC key with the JDK. Tokens are checked by James's own verifier (signature, expiry,
 * the {@code admin} claim in its JwtFilter).
 */
public class WebAdminJwtModule extends AbstractModule {
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    @Provides
    @Singleton
    @Named("webadmin")
    JwtTokenVerifier.Factory webAdminTokenVerifier(WebAdminConfiguration configuration) {
        return () -> {
            String pem = configuration.getJwtPublicKey()
                .orElseThrow(() -> new IllegalStateException("webadmin.properties: jwt.enabled=true needs jwt.publickeypem.url"));
            PublicKey key = publicKey(pem);
            return new JwtTokenVerifier(() -> List.of(key));
        };
    }

    /** The key of a PEM {@code PUBLIC KEY} block (RSA, else EC). */
    static PublicKey publicKey(String pem) {
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new MissingOrInvalidKeyException();
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
                // try the next algorithm
            }
        }
        throw new MissingOrInvalidKeyException();
    }
}
