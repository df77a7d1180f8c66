package org.cpmmss.recording.policy;

import org.cpmmss.recording.preferences.CpmPreference;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.cpmmss.cpm.folder.FolderLayout;
import org.cpmmss.cpm.folder.FolderNamer;

/**
 * The operator policy of {@code conf/cpm.properties}, read once at start. Keys and defaults are exactly
 * those documented in that file (design.md, "Preferences and policies"). Immutable; one instance is bound
 * in Guice and injected wherever a rule needs it.
 */
public record CpmPolicy(FolderLayout folderLayout, String folderRoot, SessionMode sessionMode,
                        Duration sessionIdleTimeout, boolean mediaPathAllowed, long maxObjectSize, long maxFileSize,
                        Duration deferredExpiryDefault, Duration deferredExpiryMax, Duration deferredSweepInterval,
                        boolean notificationsAggregate, boolean defaultRecording, String defaultDeferredDelivery,
                        String defaultDeferredExpiry, String httpTokens, Optional<String> addressCountryCode,
                        GroupUris conferenceFactoryUris) {

    public static final String FOLDER_LAYOUT = "cpm.folder.layout";
    public static final String FOLDER_ROOT = "cpm.folder.root";
    public static final String SESSION_MODE = "cpm.recording.session-mode";
    public static final String SESSION_IDLE_TIMEOUT = "cpm.recording.session-idle-timeout";
    public static final String MEDIA_PATH_ALLOWED = "cpm.recording.media-path-allowed";
    public static final String MAX_OBJECT_SIZE = "cpm.limits.max-object-size";
    public static final String MAX_FILE_SIZE = "cpm.limits.max-file-size";
    public static final String DEFERRED_EXPIRY_DEFAULT = "cpm.deferred.expiry.default";
    public static final String DEFERRED_EXPIRY_MAX = "cpm.deferred.expiry.max";
    public static final String DEFERRED_SWEEP_INTERVAL = "cpm.deferred.sweep-interval";
    public static final String NOTIFICATIONS_AGGREGATE = "cpm.notifications.aggregate";
    public static final String DEFAULT_RECORDING = "cpm.default.recording";
    public static final String DEFAULT_DEFERRED_DELIVERY = "cpm.default.deferred-delivery";
    public static final String DEFAULT_DEFERRED_EXPIRY = "cpm.default.deferred-expiry";
    public static final String HTTP_TOKENS = "cpm.http.tokens";
    public static final String ADDRESS_COUNTRY_CODE = "cpm.address.country-code";
    public static final String CONFERENCE_FACTORY_URIS = "cpm.group.conference-factory-uris";

    /** {@code cpm.recording.session-mode}. */
    public enum SessionMode {
        INCREMENTAL, ON_COMPLETION;

        public static SessionMode fromConfig(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "incremental" -> INCREMENTAL;
                case "on-completion" -> ON_COMPLETION;
                default -> throw new IllegalArgumentException(SESSION_MODE + " must be incremental or on-completion, not " + value);
            };
        }
    }

    public CpmPolicy {
        Objects.requireNonNull(folderLayout);
        Objects.requireNonNull(folderRoot);
        Objects.requireNonNull(sessionMode);
        Objects.requireNonNull(sessionIdleTimeout);
        Objects.requireNonNull(deferredExpiryDefault);
        Objects.requireNonNull(deferredExpiryMax);
        Objects.requireNonNull(deferredSweepInterval);
        Objects.requireNonNull(defaultDeferredDelivery);
        Objects.requireNonNull(defaultDeferredExpiry);
        Objects.requireNonNull(httpTokens);
        Objects.requireNonNull(addressCountryCode);
        Objects.requireNonNull(conferenceFactoryUris);
        addressCountryCode.ifPresent(CpmPolicy::checkCountryCode);
        new FolderNamer(folderLayout, folderRoot); // refuses an unsafe root at start
        if (sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero()) {
            throw new IllegalArgumentException(SESSION_IDLE_TIMEOUT + " must be positive");
        }
        if (maxObjectSize <= 0 || maxFileSize <= 0) {
            throw new IllegalArgumentException("cpm.limits.* must be positive");
        }
    }

    /** The operator default of a user preference ({@code cpm.default.*}; the built-in one where there is no key). */
    public String preferenceDefault(CpmPreference preference) {
        return switch (preference) {
            case RECORDING -> defaultRecording ? "on" : "off";
            case DEFERRED_DELIVERY -> defaultDeferredDelivery;
            case DEFERRED_EXPIRY -> defaultDeferredExpiry;
            default -> preference.builtInDefault();
        };
    }

    /** The shipped defaults (what an empty cpm.properties means). */
    public static CpmPolicy defaults() {
        return from(key -> null);
    }

    public static CpmPolicy from(Properties properties) {
        return from(properties::getProperty);
    }

    /** Reads every key through {@code lookup} (null = absent = default). Bad values fail with the key named. */
    public static CpmPolicy from(Function<String, String> lookup) {
        Function<String, String> get = key -> {
            String v = lookup.apply(key);
            return v == null || v.isBlank() ? null : v.trim();
        };
        return new CpmPolicy(
            FolderLayout.fromConfig(or(get.apply(FOLDER_LAYOUT), "rcs")),
            or(get.apply(FOLDER_ROOT), FolderNamer.DEFAULT_ROOT),
            SessionMode.fromConfig(or(get.apply(SESSION_MODE), "incremental")),
            duration(SESSION_IDLE_TIMEOUT, or(get.apply(SESSION_IDLE_TIMEOUT), "PT30M")),
            bool(MEDIA_PATH_ALLOWED, or(get.apply(MEDIA_PATH_ALLOWED), "true")),
            number(MAX_OBJECT_SIZE, or(get.apply(MAX_OBJECT_SIZE), "10485760")),
            number(MAX_FILE_SIZE, or(get.apply(MAX_FILE_SIZE), "20971520")),
            duration(DEFERRED_EXPIRY_DEFAULT, or(get.apply(DEFERRED_EXPIRY_DEFAULT), "P7D")),
            duration(DEFERRED_EXPIRY_MAX, or(get.apply(DEFERRED_EXPIRY_MAX), "P30D")),
            duration(DEFERRED_SWEEP_INTERVAL, or(get.apply(DEFERRED_SWEEP_INTERVAL), "PT1M")),
            bool(NOTIFICATIONS_AGGREGATE, or(get.apply(NOTIFICATIONS_AGGREGATE), "false")),
            onOff(DEFAULT_RECORDING, or(get.apply(DEFAULT_RECORDING), "on")),
            oneOf(DEFAULT_DEFERRED_DELIVERY, or(get.apply(DEFAULT_DEFERRED_DELIVERY), "handover"), "notify", "push", "handover"),
            oneOf(DEFAULT_DEFERRED_EXPIRY, or(get.apply(DEFAULT_DEFERRED_EXPIRY), "handover"), "delete", "handover"),
            or(get.apply(HTTP_TOKENS), ""),
            countryCode(get.apply(ADDRESS_COUNTRY_CODE)),
            GroupUris.parse(CONFERENCE_FACTORY_URIS, or(get.apply(CONFERENCE_FACTORY_URIS), ""),
                normalizer(countryCode(get.apply(ADDRESS_COUNTRY_CODE)))));
    }

    /**
     * The one address normaliser of this configuration: national numbers are globalised with
     * {@code cpm.address.country-code}, refused when it is not set. Every door and step builds its normaliser here.
     */
    public CpmAddressNormalizer addressNormalizer() {
        return normalizer(addressCountryCode);
    }

    private static CpmAddressNormalizer normalizer(Optional<String> countryCode) {
        return countryCode.map(CpmAddressNormalizer::new).orElseGet(CpmAddressNormalizer::new);
    }

    private static Optional<String> countryCode(String value) {
        Optional<String> cc = Optional.ofNullable(value);
        cc.ifPresent(CpmPolicy::checkCountryCode);
        return cc;
    }

    private static void checkCountryCode(String cc) {
        if (!cc.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException(ADDRESS_COUNTRY_CODE
                + " must be a country calling code of 1 to 3 digits without '+' (e.g. 33), not " + cc);
        }
    }

    public FolderNamer folderNamer() {
        return new FolderNamer(folderLayout, folderRoot);
    }

    private static String or(String v, String dflt) {
        return v == null ? dflt : v;
    }

    /** ISO-8601 ({@code PT30M}, {@code P7D}) or a number with a unit: {@code 45s}, {@code 30m}, {@code 2h}, {@code 7d}. */
    public static Duration duration(String key, String value) {
        String v = value.trim();
        try {
            if (v.toUpperCase(Locale.ROOT).startsWith("P")) {
                if (v.toUpperCase(Locale.ROOT).contains("T") || !v.toUpperCase(Locale.ROOT).endsWith("D")) {
                    return Duration.parse(v);
                }
                return Duration.ofDays(Long.parseLong(v.substring(1, v.length() - 1)));
            }
            char unit = Character.toLowerCase(v.charAt(v.length() - 1));
            long n = Long.parseLong(v.substring(0, v.length() - 1).trim());
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException(key + ": unknown duration unit in " + value);
            };
        } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(key + " is not a duration (PT30M, 30m, 2h…): " + value, e);
        }
    }

    private static boolean bool(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, not " + value);
        };
    }

    private static boolean onOff(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(key + " must be on or off, not " + value);
        };
    }

    private static long number(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of bytes, not " + value, e);
        }
    }

    private static String oneOf(String key, String value, String... allowed) {
        String v = value.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException(key + " must be one of " + String.join(", ", allowed) + ", not " + value);
    }
}
