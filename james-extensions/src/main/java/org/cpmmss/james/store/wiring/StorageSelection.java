package org.cpmmss.james.store.wiring;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Properties;

/**
 * What {@code conf/storage.properties} selects. {@code storage.embedded.mailbox}: {@code native} (default, our store,
 * docs/store.md) or {@code jpa} (James's JPA mailbox, kept as the source of the migration to the native store). {@code storage.backend} and {@code events.backend} are the
 * multi-node contract (issue 23): only {@code embedded} and {@code local} exist so far, any other value stops the
 * start with a clear message. A missing file means the defaults.
 */
public record StorageSelection(String backend, String mailbox, String events) {
    public static final String FILE = "storage.properties";
    public static final StorageSelection DEFAULT = new StorageSelection("embedded", "native", "local");

    public boolean nativeMailbox() {
        return "native".equals(mailbox);
    }

    public static StorageSelection read(File confDirectory) {
        File file = new File(confDirectory, FILE);
        if (!file.isFile()) {
            return DEFAULT;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file.toPath())) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return of(value(properties, "storage.backend", "embedded"), value(properties, "storage.embedded.mailbox",
            "native"), value(properties, "events.backend", "local"));
    }

    private static String value(Properties properties, String key, String fallback) {
        String value = properties.getProperty(key, "").trim().toLowerCase(Locale.ROOT);
        return value.isEmpty() ? fallback : value;
    }

    public static StorageSelection of(String backend, String mailbox, String events) {
        if (!"embedded".equals(backend)) {
            throw new IllegalArgumentException("storage.backend=" + backend + " is not available in this version"
                + " (only 'embedded'); see docs/store.md");
        }
        if (!"jpa".equals(mailbox) && !"native".equals(mailbox)) {
            throw new IllegalArgumentException("storage.embedded.mailbox must be 'jpa' or 'native', not '" + mailbox
                + "'");
        }
        if (!"local".equals(events)) {
            throw new IllegalArgumentException("events.backend=" + events + " is not available in this version"
                + " (only 'local'); see docs/store.md");
        }
        return new StorageSelection(backend, mailbox, events);
    }
}
