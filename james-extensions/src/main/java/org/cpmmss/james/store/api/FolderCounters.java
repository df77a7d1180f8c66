package org.cpmmss.james.store.api;

/**
 * What a folder holds, read from metadata only: message count, unseen count, the last UID ever allocated and the
 * highest MODSEQ ever allocated (both 0 before the first allocation; neither ever goes back).
 */
public record FolderCounters(long messages, long unseen, long lastUid, long highestModSeq) {
}
