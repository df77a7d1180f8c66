package org.cpmmss.cpm.mime;

/**
 * Bounds applied by every MIME-level parser of this library.
 *
 * @param maxObjectBytes largest object accepted
 * @param maxHeaders most header fields in one header block
 * @param maxHeaderBlockBytes largest header block
 * @param maxParts most body parts in one multipart
 */
public record MimeLimits(int maxObjectBytes, int maxHeaders, int maxHeaderBlockBytes, int maxParts) {
    public static final int DEFAULT_MAX_OBJECT_BYTES = 64 * 1024 * 1024;
    public static final int DEFAULT_MAX_HEADERS = 256;
    public static final int DEFAULT_MAX_HEADER_BLOCK_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_PARTS = 1000;

    public static final MimeLimits DEFAULT = new MimeLimits(DEFAULT_MAX_OBJECT_BYTES, DEFAULT_MAX_HEADERS,
            DEFAULT_MAX_HEADER_BLOCK_BYTES, DEFAULT_MAX_PARTS);

    public MimeLimits {
        if (maxObjectBytes <= 0 || maxHeaders <= 0 || maxHeaderBlockBytes <= 0 || maxParts <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
