package org.cpmmss.james.store.api;

/**
 * The outcome of a flag update on one message: old and new flags and the message's MODSEQ after the update
 * (unchanged when the flags did not change).
 */
public record FlagChange(long uid, String messageId, FlagState oldFlags, FlagState newFlags, long modSeq) {
    public boolean changed() {
        return !oldFlags.equals(newFlags);
    }
}
