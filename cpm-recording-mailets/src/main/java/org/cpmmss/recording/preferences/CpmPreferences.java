package org.cpmmss.recording.preferences;

import java.util.Locale;
import java.util.Optional;

/**
 * The per-user preference entries of design.md: IMAP METADATA entries on the user's INBOX, an absent entry
 * meaning the operator default. One place says which values each entry allows, so that every writer
 * (IMAP SETMETADATA, the HTTP API) refuses the same invalid values.
 */
public final class CpmPreferences {
    /** Prefix of every cpm entry; entries below it that are not preferences are left alone. */
    public static final String PREFIX = "/private/vendor/cpm/";
    /** The annotation key James holds the recording preference under (the same as its entry name). */
    public static final String RECORDING = CpmPreference.RECORDING.storedKey();

    private CpmPreferences() {
    }

    /** True for entry names this class governs (compared case-insensitively, as RFC 5464 entry names are). */
    public static boolean isCpmEntry(String entry) {
        return entry.toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    /**
     * Checks one write of an annotation key as James stores it ({@link CpmPreference#storedKey()}, or the
     * contract entry name); {@code value} empty means NIL (removal, always allowed).
     * @return the reason of a refusal, empty when the write is valid
     */
    public static Optional<String> validate(String key, Optional<String> value) {
        Optional<CpmPreference> preference = CpmPreference.byStoredKey(key).or(() -> CpmPreference.byEntry(key));
        if (preference.isEmpty() || value.isEmpty() || preference.get().accepts(value.get())) {
            return Optional.empty();
        }
        return Optional.of("invalid value for " + preference.get().entry() + ": must be "
            + String.join(" or ", preference.get().allowedValues()));
    }
}
