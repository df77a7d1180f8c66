package org.cpmmss.recording.preferences;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One user's five cpm preferences when they were read ({@link org.cpmmss.recording.port.UserPreferences}): for
 * each {@link CpmPreference} its effective value and whether that value is the operator default (no entry, or an
 * entry with a value the preference does not allow). Immutable.
 */
public final class PreferenceValues {
    private final Map<CpmPreference, String> values;
    private final Set<CpmPreference> defaulted;
    private final Map<CpmPreference, String> ignored;

    private PreferenceValues(Map<CpmPreference, String> values, Set<CpmPreference> defaulted,
                             Map<CpmPreference, String> ignored) {
        this.values = values;
        this.defaulted = defaulted;
        this.ignored = ignored;
    }

    /**
     * The effective values from the stored entries ({@code stored}: value as stored, any case, may be padded) and
     * the operator defaults ({@code operatorDefault}: the value for a preference without a valid entry).
     */
    public static PreferenceValues of(Map<CpmPreference, String> stored, Function<CpmPreference, String> operatorDefault) {
        Map<CpmPreference, String> values = new EnumMap<>(CpmPreference.class);
        Set<CpmPreference> defaulted = EnumSet.noneOf(CpmPreference.class);
        Map<CpmPreference, String> ignored = new EnumMap<>(CpmPreference.class);
        for (CpmPreference preference : CpmPreference.values()) {
            String value = Optional.ofNullable(stored.get(preference)).map(v -> v.trim().toLowerCase(Locale.ROOT)).orElse(null);
            if (preference.accepts(value)) {
                values.put(preference, value);
            } else {
                values.put(preference, operatorDefault.apply(preference));
                defaulted.add(preference);
                if (value != null) {
                    ignored.put(preference, stored.get(preference));
                }
            }
        }
        return new PreferenceValues(values, defaulted, ignored);
    }

    /** The effective value of {@code preference} (lower case, one of its allowed values). */
    public String value(CpmPreference preference) {
        return values.get(preference);
    }

    /** True when {@code preference} has no valid entry: its value is the operator default. */
    public boolean isDefault(CpmPreference preference) {
        return defaulted.contains(preference);
    }

    /** The stored value of an entry that the preference does not allow (ignored: the default applies), if any. */
    public Optional<String> ignoredValue(CpmPreference preference) {
        return Optional.ofNullable(ignored.get(preference));
    }

    /** {@code /private/vendor/cpm/recording} is {@code on}. */
    public boolean recordingOn() {
        return "on".equals(value(CpmPreference.RECORDING));
    }

    /** {@code notify}, {@code push} or {@code handover}. */
    public String deferredDelivery() {
        return value(CpmPreference.DEFERRED_DELIVERY);
    }

    /** {@code delete} or {@code handover}. */
    public String deferredExpiry() {
        return value(CpmPreference.DEFERRED_EXPIRY);
    }

    public boolean doNotDisturb() {
        return "on".equals(value(CpmPreference.DO_NOT_DISTURB));
    }

    public boolean rejectWhenOffline() {
        return "on".equals(value(CpmPreference.REJECT_WHEN_OFFLINE));
    }

    /** Options 1 and 2 of 5.2.5 ({@code notify}, {@code push}): a deferred message waits in the queue, not in the store. */
    public boolean queuesDeferred() {
        String deferred = deferredDelivery();
        return deferred.equals("notify") || deferred.equals("push");
    }

    @Override
    public String toString() {
        return values + (defaulted.isEmpty() ? "" : " (defaults: " + defaulted + ")");
    }
}
