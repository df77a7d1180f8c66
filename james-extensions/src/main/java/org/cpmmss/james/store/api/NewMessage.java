package org.cpmmss.james.store.api;

import java.util.Objects;

/**
 * A message to append: its header section (up to and including the blank line) and body as bytes, its initial flags,
 * INTERNALDATE (epoch ms), the message and thread ids (opaque strings) and its MIME summary. The store keeps
 * header and body as two single-instance blobs: the same bytes stored for several owners are written once.
 */
public record NewMessage(byte[] header, byte[] body, FlagState flags, long internalDate, String messageId,
                         String threadId, MimeSummary mime) {
    public NewMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(mime, "mime");
    }
}
