package org.cpmmss.recording.preferences;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The five per-user preferences of cpm-mss: IMAP METADATA entries on the user's INBOX.
 *
 * <p>{@link #entry()} is the contract name clients read and write over IMAP and HTTP
 * (e.g. {@code /private/vendor/cpm/do-not-disturb}). James 3.8.1 only accepts letters, digits and
 * {@code /} in annotation keys, so the value is kept under {@link #storedKey()} (the same name without
 * hyphens); the IMAP and HTTP doors translate between the two, and nothing else should see the stored key.</p>
 */
public enum CpmPreference {
    RECORDING("/private/vendor/cpm/recording", "cpm.default.recording", "on", List.of("on", "off")),
    DEFERRED_DELIVERY("/private/vendor/cpm/deferred-delivery", "cpm.default.deferred-delivery", "handover",
        List.of("notify", "push", "handover")),
    DEFERRED_EXPIRY("/private/vendor/cpm/deferred-expiry", "cpm.default.deferred-expiry", "handover",
        List.of("delete", "handover")),
    DO_NOT_DISTURB("/private/vendor/cpm/do-not-disturb", null, "off", List.of("on", "off")),
    REJECT_WHEN_OFFLINE("/private/vendor/cpm/reject-when-offline", null, "off", List.of("on", "off"));

    private final String entry;
    private final String operatorDefaultKey;
    private final String builtInDefault;
    private final List<String> values;

    CpmPreference(String entry, String operatorDefaultKey, String builtInDefault, List<String> values) {
        this.entry = entry;
        this.operatorDefaultKey = operatorDefaultKey;
        this.builtInDefault = builtInDefault;
        this.values = values;
    }

    /** The METADATA entry name of the contract, as clients use it. */
    public String entry() {
        return entry;
    }

    /** The annotation key the value is stored under in James (lower case, no hyphen). */
    public String storedKey() {
        return entry.replace("-", "");
    }

    /** The cpm.properties key of the operator default, if the operator can set one. */
    public Optional<String> operatorDefaultKey() {
        return Optional.ofNullable(operatorDefaultKey);
    }

    public String builtInDefault() {
        return builtInDefault;
    }

    public List<String> allowedValues() {
        return values;
    }

    public boolean accepts(String value) {
        return value != null && values.contains(value);
    }

    public static Optional<CpmPreference> byEntry(String entry) {
        String lower = entry.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(preference -> preference.entry.equals(lower)).findFirst();
    }

    public static Optional<CpmPreference> byStoredKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(preference -> preference.storedKey().equals(lower)).findFirst();
    }
}
