package org.cpmmss.james.store.api;

/**
 * The metadata of one stored message as the store returns it: folder, UID, MODSEQ, flags, dates (epoch ms),
 * sizes, ids, MIME summary and the addresses of its header and body bytes (read through {@link ContentReader}).
 */
public record StoredMessage(long folderId, long uid, long modSeq, FlagState flags, long internalDate, long saveDate,
                            String messageId, String threadId, MimeSummary mime, BlobAddress header,
                            BlobAddress body) {

    public long size() {
        return (long) header.length() + body.length();
    }

    public int headerLength() {
        return header.length();
    }

    /** The same message with its bytes at other places (a compaction moved them). */
    public StoredMessage withBlobs(BlobAddress newHeader, BlobAddress newBody) {
        return new StoredMessage(folderId, uid, modSeq, flags, internalDate, saveDate, messageId, threadId, mime,
            newHeader, newBody);
    }

    public StoredMessage withFlags(FlagState newFlags, long newModSeq) {
        return new StoredMessage(folderId, uid, newModSeq, newFlags, internalDate, saveDate, messageId, threadId, mime,
            header, body);
    }
}
