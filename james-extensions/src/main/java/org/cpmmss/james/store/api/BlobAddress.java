package org.cpmmss.james.store.api;

/**
 * Where stored bytes are: a blob id (shared by every message that holds the same bytes) and, for implementations
 * that keep bytes in files, the segment, the offset of the payload and its length.
 */
public record BlobAddress(long blobId, long segment, long offset, int length) {
}
