package org.cpmmss.james.store.api;

/**
 * The last UID and the highest MODSEQ ever allocated in a folder (both 0 before the first allocation; neither ever
 * goes back), read from the folder's own record: unlike {@link FolderCounters} it costs the same whatever the
 * folder holds, so the append path (UIDNEXT before an append, James's UID and MODSEQ providers) reads it.
 */
public record FolderHighWater(long lastUid, long highestModSeq) {
}
