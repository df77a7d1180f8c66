package org.cpmmss.james.ops.backup;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.utils.PropertiesProvider;
import org.cpmmss.james.plumbing.StateDatabasePool;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.james.store.embedded.H2Snapshot;
import org.cpmmss.james.store.wiring.StorageSelection;

/**
 * {@code bin/cpm-mss admin backup DIR}: a consistent copy of the data directory's durable state, taken while the
 * server runs and takes writes, laid out as a data directory (restore: stop, replace the data directory, start;
 * docs/operator-guide.md). In this order — the mailbox first, the state that refers to it after (docs/store.md):
 * <ol>
 *   <li>{@code h2/james.mv.db}: James's database (users, domains, aliases; the mailbox itself on the JPA store),
 *       H2's online backup;</li>
 *   <li>{@code mailstore/}: the native store, if it runs ({@link EmbeddedStorage#backupTo});</li>
 *   <li>{@code h2/cpm*.mv.db}: the cpm state databases (dedupe keys, session parts, notification state, outbox,
 *       expiry index, deferred queue, HTTP sessions), H2's online backup each;</li>
 *   <li>{@code mail/}: the mail repositories (error, refused), file by file; {@code imap-profile/} (the hierarchy
 *       delimiter the data was written with);</li>
 *   <li>not the search index ({@code lucene-text/}: derived data, no consistent copy of a live Lucene index); the
 *       restored server has no "indexed up to" marks and indexes every folder in the background at its first
 *       start.</li>
 * </ol>
 * Not copied: the mail queue ({@code store/}: mail accepted but not yet delivered at that moment), {@code cache/},
 * {@code imap-literals/}, crash reports. One backup runs at a time.
 *
 * <p>With {@code storage.backend=postgresql} the mailbox is in PostgreSQL, not in the data directory: the backup is
 * refused ({@link NotAvailable}); the operator backs up the database with PostgreSQL's tools (pg_dump,
 * docs/operator-guide.md).</p>
 */
@Singleton
public class DataDirectoryBackup {
    /** One part of a backup. */
    public record Item(String path, long bytes) {
    }

    /** What a backup copied and how long it took. */
    public record Report(Path target, Instant startedAt, Duration took, List<Item> items) {
        public long bytes() {
            return items.stream().mapToLong(Item::bytes).sum();
        }
    }

    private final Path dataDirectory;
    private final PropertiesProvider properties;
    private final Optional<EmbeddedStorage> nativeStore;
    private final StorageSelection selection;
    private final Clock clock;

    @Inject
    public DataDirectoryBackup(JamesDirectoriesProvider directories, PropertiesProvider properties,
                               Optional<EmbeddedStorage> nativeStore, StorageSelection selection, Clock clock) {
        this.dataDirectory = new File(System.getProperty("cpm.data.dir", directories.getVarDirectory()))
            .toPath().toAbsolutePath().normalize();
        this.properties = properties;
        this.nativeStore = nativeStore;
        this.selection = selection;
        this.clock = clock;
    }

    /** Refused before anything is written: the target is not a new (or empty) directory outside the data directory. */
    public static final class BadTarget extends Exception {
        BadTarget(String message) {
            super(message);
        }
    }

    /** Refused before anything is written: this server's mailbox is not in its data directory. */
    public static final class NotAvailable extends Exception {
        NotAvailable(String message) {
            super(message);
        }
    }

    public synchronized Report backupTo(Path requested) throws Exception {
        if (selection.postgresqlBackend()) {
            throw new NotAvailable("storage.backend=postgresql: the mailbox is in PostgreSQL, not in the data"
                + " directory; back it up with PostgreSQL's tools (pg_dump, docs/operator-guide.md)");
        }
        Path target = checkedTarget(requested);
        Instant started = clock.instant();
        List<Item> items = new ArrayList<>();
        Files.createDirectories(target.resolve("h2"));
        jamesDatabase(target).ifPresent(items::add);
        if (nativeStore.isPresent()) {
            items.add(new Item("mailstore/", nativeStore.get().backupTo(target.resolve("mailstore"))));
        }
        for (StateDatabasePool pool : StateDatabasePool.open()) {
            Path file = pool.file().toAbsolutePath().normalize();
            if (file.startsWith(dataDirectory)) {
                Path relative = dataDirectory.relativize(file);
                try (Connection connection = pool.getConnection()) {
                    items.add(new Item(relative.toString(), H2Snapshot.copy(connection, target.resolve(relative))));
                }
            }
        }
        for (String tree : List.of("mail", "imap-profile")) {
            items.add(new Item(tree + "/", FileTreeCopy.copy(dataDirectory.resolve(tree), target.resolve(tree))));
        }
        Report report = new Report(target, started, Duration.between(started, clock.instant()), List.copyOf(items));
        writeManifest(report);
        for (Path directory : List.of(target.resolve("h2"), target)) {
            H2Snapshot.forceDirectory(directory);
        }
        return report;
    }

    private Path checkedTarget(Path requested) throws BadTarget, IOException {
        if (!requested.isAbsolute()) {
            throw new BadTarget("the backup directory must be an absolute path on the server's machine: " + requested);
        }
        Path target = requested.normalize();
        if (target.startsWith(dataDirectory) || dataDirectory.startsWith(target)) {
            throw new BadTarget("the backup directory " + target + " overlaps the data directory " + dataDirectory);
        }
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new BadTarget(target + " exists and is not a directory");
            }
            try (Stream<Path> entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    throw new BadTarget(target + " is not empty");
                }
            }
        }
        Files.createDirectories(target);
        return target;
    }

    /** James's H2 database, where {@code james-database.properties} puts it (nothing for another database). */
    private Optional<Item> jamesDatabase(Path target) throws Exception {
        Configuration database = properties.getConfiguration("james-database");
        String url = database.getString("database.url", "");
        if (!url.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String location = url.substring("jdbc:h2:".length()).split(";", 2)[0]
            .replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*:)+(?=/)", "");
        Path file = Path.of(location + ".mv.db").toAbsolutePath().normalize();
        Path relative = file.startsWith(dataDirectory) ? dataDirectory.relativize(file) : Path.of("h2", file.getFileName().toString());
        String user = database.getString("database.username", "");
        String password = user.isBlank() ? "" : database.getString("database.password", "");
        try (Connection connection = DriverManager.getConnection(url + ";IFEXISTS=TRUE", user, password)) {
            return Optional.of(new Item(relative.toString(), H2Snapshot.copy(connection, target.resolve(relative))));
        }
    }

    private static void writeManifest(Report report) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# cpm-mss backup: restore = stop the server, replace the data directory with this one, start");
        lines.add("started " + report.startedAt() + ", took " + report.took().toMillis() + " ms");
        for (Item item : report.items()) {
            lines.add(item.path() + "\t" + item.bytes());
        }
        Path manifest = report.target().resolve("BACKUP.txt");
        Files.write(manifest, lines, StandardCharsets.UTF_8);
        H2Snapshot.force(manifest);
    }
}
