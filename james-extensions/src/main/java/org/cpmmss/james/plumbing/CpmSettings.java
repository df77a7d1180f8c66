package org.cpmmss.james.plumbing;


import java.io.FileNotFoundException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;

/**
 * The operator's {@code conf/cpm.properties}, read once at start ({@link #read(PropertiesProvider)}, bound as a
 * singleton by the assembly) and immutable afterwards. The typed settings of each part ({@code CpmPolicy},
 * {@code StorageReserve}, {@code OutboxSettings}, {@code DeferredSettings}, ...) are built from it; their keys and
 * defaults are documented in docs/configuration.md and the commented conf/cpm.properties.
 *
 * <p>Values are kept as James's properties reader splits them (a comma separates list elements, each trimmed):
 * {@link #value(String)} joins them back with {@code ,} (what list keys such as
 * {@code cpm.imap.cleartext-auth-networks} are parsed from) and treats {@code key=} as absent (the key's default),
 * {@link #first(String)} is the first element, {@code ""} for {@code key=}. Each reader keeps the one it always had.</p>
 */
public final class CpmSettings {
    /** The file name without {@code .properties}, as James's {@link PropertiesProvider} takes it. */
    public static final String FILE = "cpm";

    private final Map<String, List<String>> values;
    private final Map<String, String> firsts;

    private CpmSettings(Map<String, List<String>> values, Map<String, String> firsts) {
        this.values = Map.copyOf(values);
        this.firsts = Map.copyOf(firsts);
    }

    /** Reads {@code conf/cpm.properties}; no file means every key takes its default. */
    public static CpmSettings read(PropertiesProvider properties) throws ConfigurationException {
        try {
            return of(properties.getConfiguration(FILE));
        } catch (FileNotFoundException e) {
            return empty();
        }
    }

    /** The settings of a configuration already read (tests, tools). */
    public static CpmSettings of(Configuration configuration) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, String> firsts = new LinkedHashMap<>();
        for (Iterator<String> keys = configuration.getKeys(); keys.hasNext(); ) {
            String key = keys.next();
            values.put(key, List.copyOf(Arrays.asList(configuration.getStringArray(key))));
            String first = configuration.getString(key, null);
            if (first != null) {
                firsts.put(key, first);
            }
        }
        return new CpmSettings(values, firsts);
    }

    /** No file: every key takes its default. */
    public static CpmSettings empty() {
        return new CpmSettings(Map.of(), Map.of());
    }

    /** The value of {@code key}, list elements joined with {@code ,}; empty when the key is absent or has no value. */
    public Optional<String> value(String key) {
        List<String> list = values.get(key);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(String.join(",", list));
    }

    /** The first list element of {@code key} ({@code ""} for {@code key=}); empty when the key is absent. */
    public Optional<String> first(String key) {
        return Optional.ofNullable(firsts.get(key));
    }

    /** {@link #value(String)} as a lookup returning null for an absent key (the settings factories take one). */
    public Function<String, String> values() {
        return key -> value(key).orElse(null);
    }

    /** Every key with its list of values, in file order (for settings that take whole key families). */
    public Map<String, List<String>> all() {
        return values;
    }

    /** {@link #first(String)} as a lookup returning null for an absent key. */
    public Function<String, String> firsts() {
        return key -> first(key).orElse(null);
    }
}
