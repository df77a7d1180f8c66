package org.cpmmss.james.store.embedded;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * What a row of {@code recorded_key} is known by: the first 16 bytes of the SHA-256 of the lower-cased owner, a NUL
 * and the key, in UTF-8, as two big-endian longs — the same as H2's
 * {@code CAST(SUBSTRING(HASH('SHA-256', owner || CHAR(0) || okey) FROM 1 FOR 8) AS BIGINT)} (and {@code FROM 9}),
 * which fills the columns of a store written before ({@link RecordedKeyHashIndex}). 128 bits of SHA-256 stand for
 * the pair: two keys with the same ones are not to be found by chance (2^-64 after billions of keys) nor made on
 * purpose. The owner and key strings are not kept: RCS keys are random strings that no page compression shortens.
 */
record RecordedKeyHash(long high, long low) {
    /** One digest per thread, reset by each digest(): looking the algorithm up per key cost a provider search. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    static RecordedKeyHash of(String owner, String key) {
        MessageDigest sha = SHA_256.get();
        sha.reset();
        sha.update(owner.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(key.getBytes(StandardCharsets.UTF_8));
        ByteBuffer digest = ByteBuffer.wrap(sha.digest());
        return new RecordedKeyHash(digest.getLong(), digest.getLong());
    }
}
