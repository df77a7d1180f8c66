package org.cpmmss.james.store.api;

/**
 * The metadata-only view of one stored message (FETCH FLAGS/UID/MODSEQ, CHANGEDSINCE, QRESYNC): UID, MODSEQ, flags
 * and its message and thread ids as text; read without touching a blob row or a byte.
 */
public record MessageFlags(long uid, long modSeq, FlagState flags, String messageId, String threadId) {
}
