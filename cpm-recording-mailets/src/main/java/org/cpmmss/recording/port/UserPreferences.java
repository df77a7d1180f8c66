package org.cpmmss.recording.port;

import org.cpmmss.recording.preferences.PreferenceValues;

/**
 * The one reader of a user's cpm preferences (the METADATA entries of their INBOX, design.md "Preferences and
 * policies"): every step and door that acts on a preference reads it here, and gets the same value for the same
 * stored entry. Adapter: {@code MailboxUserPreferences} (james-extensions).
 */
public interface UserPreferences {
    /**
     * The five preferences of {@code account} as they are now: an absent entry, and a value the entry does not
     * allow, is the operator default. A user without an INBOX has every entry absent.
     *
     * @throws StorageException when the entries cannot be read
     */
    PreferenceValues read(String account) throws StorageException;
}
