package org.cpmmss.james.store.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The blobs written or referenced most recently, by digest: where an append finds the bytes another owner's copy of
 * the same object stored a moment ago (the owners of one submission are appended one after the other). Only a hint:
 * the blob row is looked up by id and checked against the digest's tag, so an entry of a blob freed since, or of a
 * write that did not last, is simply not found. Bounded, least recently used first out.
 */
final class RecentBlobs {
    static final int CAPACITY = 4096;

    private final Map<BlobDigest, Long> ids;

    RecentBlobs(int capacity) {
        this.ids = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<BlobDigest, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The id of the blob last seen with these bytes, or null. */
    synchronized Long find(BlobDigest digest) {
        return ids.get(digest);
    }

    synchronized void remember(BlobDigest digest, long blobId) {
        ids.put(digest, blobId);
    }

    synchronized void forget(BlobDigest digest, long blobId) {
        ids.remove(digest, blobId);
    }
}
