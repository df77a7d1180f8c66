package org.cpmmss.recording.port;

/**
 * What the pipeline needs to know about a live message's recipient right now: their {@code do-not-disturb} and
 * {@code reject-when-offline} preferences (design.md, "Preferences and policies"; absent = off) and whether a
 * client of theirs is registered (the SIP bridge's registrar). Implemented by the adapters.
 */
public interface RecipientPresence {
    /** The recipient's state when asked. */
    record Presence(boolean doNotDisturb, boolean rejectWhenOffline, boolean clientRegistered) {
    }

    /** The state of {@code account}; an exception when the preferences cannot be read now (a temporary failure). */
    Presence of(String account) throws Exception;
}
