package org.cpmmss.james.plumbing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The cpm-mss version, set in one place (the project pom's {@code <version>}) and copied by Maven's resource
 * filtering into {@code version.properties}: printed by {@code bin/cpm-mss --version}, logged at start and
 * exposed on {@code /metrics} as {@code cpm_build_info{version=…}}.
 */
public final class CpmMssVersion {
    private static final String RESOURCE = "version.properties";
    private static final String VERSION = load();

    private CpmMssVersion() {
    }

    /** The version, e.g. {@code 0.1.0}; {@code unknown} when the resource was not filtered by the build. */
    public static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = CpmMssVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown").trim();
            return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
