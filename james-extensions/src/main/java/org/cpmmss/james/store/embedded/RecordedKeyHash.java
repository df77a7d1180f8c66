package org.cpmmss.james.store.embedded;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * What {@code recorded_key} is looked up by: the first eight bytes (big-endian) of the SHA-256 of the lower-cased
 * owner, a NUL and the key, in UTF-8 — the same as H2's
 * {@code CAST(SUBSTRING(HASH('SHA-256', owner || CHAR(0) || okey) FROM 1 FOR 8) AS BIGINT)}, which fills the column
 * of a store written before ({@link RecordedKeyHashIndex}). The row's owner and key are compared too: two keys with
 * the same hash are told apart.
 */
final class RecordedKeyHash {
    private RecordedKeyHash() {
    }

    static String owner(String owner) {
        return owner.toLowerCase(Locale.ROOT);
    }

    static long of(String owner, String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(owner(owner).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
