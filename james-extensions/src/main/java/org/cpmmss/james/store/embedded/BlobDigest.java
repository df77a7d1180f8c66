package org.cpmmss.james.store.embedded;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of a blob's bytes, as four longs: the key under which {@link RecentBlobs} finds the same bytes written a
 * moment ago, and, its first eight bytes, the {@link #tag} a blob row keeps to check a reference and a compaction's
 * read against.
 */
record BlobDigest(long first, long second, long third, long fourth) {
    static BlobDigest of(byte[] bytes) {
        ByteBuffer digest = ByteBuffer.wrap(sha256(bytes));
        return new BlobDigest(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
    }

    /** The first eight bytes of the digest, big-endian (as H2 casts {@code BINARY(8)} to {@code BIGINT}). */
    long tag() {
        return first;
    }

    /** One digest per thread, reset by each digest(): looking the algorithm up per blob cost a provider search. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private static byte[] sha256(byte[] bytes) {
        MessageDigest sha = SHA_256.get();
        sha.reset();
        return sha.digest(bytes);
    }
}
