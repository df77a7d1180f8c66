package org.cpmmss.james.store.wiring;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import org.cpmmss.james.plumbing.postgresql.PostgresqlSettings;

/**
 * What {@code conf/storage.properties} selects, read once at start (docs/configuration.md, docs/store.md,
 * docs/scale-out.md). {@code storage.backend}: {@code embedded} (default: H2 + files in the data directory) or
 * {@code postgresql} (a shared PostgreSQL, with {@code storage.postgresql.*}); {@code storage.embedded.mailbox}:
 * {@code native} (default, our store) or {@code jpa} (James's JPA mailbox, kept as the source of the migration);
 * {@code events.backend}: {@code local} (default) or {@code rabbitmq} (with {@code events.rabbitmq.uri}). Any other
 * value, or a selected backend without its connection keys, stops the start with a clear message. A missing file
 * means the defaults.
 */
public record StorageSelection(String backend, String mailbox, String events, Optional<PostgresqlSettings> postgresql,
                               Optional<String> rabbitmqUri) {
    public static final String FILE = "storage.properties";
    public static final StorageSelection DEFAULT = new StorageSelection("embedded", "native", "local",
        Optional.empty(), Optional.empty());

    public boolean nativeMailbox() {
        return "native".equals(mailbox);
    }

    public boolean postgresqlBackend() {
        return "postgresql".equals(backend);
    }

    public boolean rabbitmqEvents() {
        return "rabbitmq".equals(events);
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
        return of(properties);
    }

    /** The selection the given {@code storage.properties} entries make; throws with the offending key. */
    public static StorageSelection of(Properties properties) {
        String backend = lower(properties, "storage.backend", "embedded");
        String mailbox = lower(properties, "storage.embedded.mailbox", "native");
        String events = lower(properties, "events.backend", "local");
        if (!"embedded".equals(backend) && !"postgresql".equals(backend)) {
            throw new IllegalArgumentException("storage.backend must be 'embedded' or 'postgresql', not '" + backend
                + "'; see docs/configuration.md");
        }
        if (!"jpa".equals(mailbox) && !"native".equals(mailbox)) {
            throw new IllegalArgumentException("storage.embedded.mailbox must be 'jpa' or 'native', not '" + mailbox
                + "'");
        }
        if (!"local".equals(events) && !"rabbitmq".equals(events)) {
            throw new IllegalArgumentException("events.backend must be 'local' or 'rabbitmq', not '" + events
                + "'; see docs/configuration.md");
        }
        Optional<PostgresqlSettings> postgresql = Optional.empty();
        if ("postgresql".equals(backend)) {
            postgresql = Optional.of(new PostgresqlSettings(
                required(properties, "storage.postgresql.url", "storage.backend=postgresql"),
                required(properties, "storage.postgresql.user", "storage.backend=postgresql"),
                properties.getProperty("storage.postgresql.password", ""),
                poolSize(properties)));
        }
        Optional<String> rabbitmqUri = Optional.empty();
        if ("rabbitmq".equals(events)) {
            rabbitmqUri = Optional.of(required(properties, "events.rabbitmq.uri", "events.backend=rabbitmq"));
        }
        return new StorageSelection(backend, mailbox, events, postgresql, rabbitmqUri);
    }

    private static int poolSize(Properties properties) {
        String raw = properties.getProperty("storage.postgresql.pool-size", "").trim();
        if (raw.isEmpty()) {
            return PostgresqlSettings.DEFAULT_POOL_SIZE;
        }
        try {
            int size = Integer.parseInt(raw);
            if (size < 1 || size > 1000) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("storage.postgresql.pool-size must be a number from 1 to 1000, not '"
                + raw + "'");
        }
    }

    private static String required(Properties properties, String key, String because) {
        String value = properties.getProperty(key, "").trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(key + " is required when " + because + "; see docs/configuration.md");
        }
        return value;
    }

    private static String lower(Properties properties, String key, String fallback) {
        String value = properties.getProperty(key, "").trim().toLowerCase(Locale.ROOT);
        return value.isEmpty() ? fallback : value;
    }
}
