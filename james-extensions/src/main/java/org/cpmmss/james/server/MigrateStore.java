package org.cpmmss.james.server;

import org.cpmmss.james.server.modules.NativeMailboxModule;
import org.cpmmss.james.store.wiring.StorageSelection;

import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.PropertiesProvider;
import org.cpmmss.james.server.modules.H2DatabaseModule;
import org.cpmmss.james.server.CpmMssConfiguration;
import org.cpmmss.james.server.CpmMssServer;
import org.cpmmss.james.server.RunArguments;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.james.store.mailbox.JpaMailboxMigration;

/**
 * {@code bin/cpm-mss migrate-store [--conf DIR] [--data DIR]}: moves the mailbox of a data directory written by
 * James's JPA mailbox into the native store ({@code DATA/mailstore/}, which must hold no folder yet), on a stopped
 * server, keeping mailbox ids, UIDVALIDITY, UIDs, MODSEQs, flags, keywords, dates, METADATA and subscriptions
 * ({@link JpaMailboxMigration}). The server's own H2 file lock keeps it from running beside a started server. Then
 * set {@code storage.embedded.mailbox=native} in {@code conf/storage.properties} and start (docs/operator-guide.md).
 */
public final class MigrateStore {
    private MigrateStore() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status (0 done, 1 failed, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        RunArguments arguments;
        try {
            arguments = RunArguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("cpm-mss migrate-store: " + e.getMessage());
            err.println("usage: cpm-mss migrate-store [--conf DIR] [--data DIR]   (on a stopped server)");
            return 2;
        }
        try {
            JpaMailboxMigration.Result result = migrate(arguments.confDirectory(), arguments.dataDirectory());
            out.println("moved " + result.folders() + " folder(s), " + result.messages() + " message(s), "
                + result.annotations() + " METADATA entr(y/ies), " + result.subscriptions() + " subscription(s) into "
                + new File(arguments.dataDirectory(), NativeMailboxModule.STORE_DIRECTORY));
            out.println("next: set storage.embedded.mailbox=native in " + new File(arguments.confDirectory(), StorageSelection.FILE)
                + " and start the server");
            return 0;
        } catch (Exception e) {
            err.println("cpm-mss migrate-store: " + e.getMessage());
            return 1;
        }
    }

    /** Moves the JPA mailbox of {@code data} (configured by {@code conf}) into its native store. */
    public static JpaMailboxMigration.Result migrate(File conf, File data) throws Exception {
        if (!new File(conf, "james-database.properties").isFile()) {
            throw new IllegalArgumentException(conf + " is not a cpm-mss configuration directory");
        }
        if (StorageSelection.read(conf).postgresqlBackend()) {
            throw new IllegalArgumentException("storage.backend=postgresql in " + new File(conf, StorageSelection.FILE)
                + ": migrate-store moves a JPA mailbox into the embedded native store only (docs/store.md)");
        }
        CpmMssConfiguration configuration = CpmMssServer.configuration(conf, data);
        PropertiesProvider properties = new PropertiesProvider(new FileSystemImpl(configuration.directories()),
            configuration.configurationPath());
        EntityManagerFactory jpa = H2DatabaseModule.open(properties);
        Path store = data.toPath().toAbsolutePath().resolve(NativeMailboxModule.STORE_DIRECTORY);
        try (EmbeddedStorage target = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(store), Clock.systemUTC())) {
            JpaMailboxMigration.Result result = new JpaMailboxMigration(jpa, target, new DefaultMessageId.Factory()).run();
            Files.writeString(store.resolve("MIGRATED-FROM-JPA.txt"), result + "\n", StandardCharsets.UTF_8);
            return result;
        } finally {
            jpa.close();
            H2DatabaseModule.shutDown(properties);
        }
    }
}
