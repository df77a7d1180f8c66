package org.cpmmss.recording.preferences;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The per-user preference entries of design.md: IMAP METADATA entries on the user's INBOX, an absent entry
 * meaning the operator default. One place says which values each entry allows, so that every writer
 * (IMAP SETMETADATA, the HTTP API) refuses the same invalid values.
 */
public final class CpmPreferences {
    /** Prefix of every cpm entry; entries below it that are not listed here are left alone. */
    public static final String PREFIX = "/private/vendor/cpm/";
    public static final String RECORDING = "/private/vendor/cpm/recording";
    public static final String DEFERRED_DELIVERY = "/private/vendor/cpm/deferred-delivery";
    public static final String DEFERRED_EXPIRY = "/private/vendor/cpm/deferred-expiry";
    public static final String DO_NOT_DISTURB = "/private/vendor/cpm/do-not-disturb";
    public static final String REJECT_WHEN_OFFLINE = "/private/vendor/cpm/reject-when-offline";

    public static final Map<String, List<String>> ALLOWED = Map.of(
        RECORDING, List.of("on", "off"),
        DEFERRED_DELIVERY, List.of("notify", "push", "handover"),
        DEFERRED_EXPIRY, List.of("delete", "handover"),
        DO_NOT_DISTURB, List.of("on", "off"),
        REJECT_WHEN_OFFLINE, List.of("on", "off"));

    private CpmPreferences() {
    }

    /** True for entry names this class governs (compared case-insensitively, as RFC 5464 entry names are). */
    public static boolean isCpmEntry(String entry) {
        return entry.toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    /**
     * Checks one write; {@code value} empty means NIL (removal, always allowed for known entries).
     * @return the reason of a refusal, empty when the write is valid
     */
    public static Optional<String> validate(String entry, Optional<String> value) {
        String key = entry.toLowerCase(Locale.ROOT);
        if (!key.startsWith(PREFIX)) {
            return Optional.empty();
        }
        List<String> allowed = ALLOWED.get(key);
        if (allowed == null) {
            return Optional.empty();
        }
        if (value.isEmpty() || allowed.contains(value.get())) {
            return Optional.empty();
        }
        return Optional.of("invalid value for " + entry + ": must be " + String.join(" or ", allowed));
    }
}
