package org.cpmmss.james.server;

import java.io.File;

import org.apache.james.GuiceJamesServer;
import org.apache.james.server.core.configuration.Configuration;
import org.cpmmss.james.plumbing.CpmMssVersion;
import org.cpmmss.james.plumbing.DirectoryLock;
import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.slf4j.LoggerFactory;

/**
 * {@code cpm-mss [--conf DIR] [--data DIR]}: runs the Message Storage Server in the foreground until
 * SIGTERM or SIGINT, which stop it cleanly (exit status 0, {@link CleanStop}); {@code --version} prints the version.
 */
public final class CpmMssMain {
    /** The file of the data directory's lock. */
    static final String DATA_DIRECTORY_LOCK = "cpm-mss.lock";

    private CpmMssMain() {
    }

    public static void main(String[] args) throws Exception {
        RunArguments arguments;
        try {
            arguments = RunArguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("cpm-mss: " + e.getMessage());
            System.err.println(RunArguments.USAGE);
            System.exit(2);
            return;
        }
        if (arguments.help()) {
            System.out.println(RunArguments.USAGE);
            return;
        }
        if (arguments.version()) {
            System.out.println("cpm-mss " + CpmMssVersion.version());
            return;
        }
        if (!new File(arguments.confDirectory(), "imapserver.xml").isFile()) {
            System.err.println("cpm-mss: " + arguments.confDirectory() + " is not a cpm-mss configuration directory"
                + " (no imapserver.xml)");
            System.exit(2);
            return;
        }
        LoggerFactory.getLogger(CpmMssMain.class).info("cpm-mss {} starting (Java {}; conf {}; data {})",
            CpmMssVersion.version(), Runtime.version(), arguments.confDirectory(), arguments.dataDirectory());
        System.setProperty(Configuration.WORKING_DIRECTORY, arguments.dataDirectory().getAbsolutePath());
        // ActiveMQ makes its ids unique per host with a port: without this property it binds a server socket and
        // sleeps 100 ms on the start's main thread (IdGenerator); the process id is unique on the host just as well
        if (System.getProperty("activemq.idgenerator.localport") == null) {
            System.setProperty("activemq.idgenerator.localport", String.valueOf(ProcessHandle.current().pid()));
        }
        // Guice calls constructors and @Provides methods through reflection instead of generating a class for each
        // (~470 classes defined, verified and compiled at every start, never in the class-data archive: ~0.3 s of
        // CPU, docs/benchmarks.md). Nothing here uses Guice's method interception, the one feature that needs them.
        // Read once by Guice's first class to initialise, which is after this line.
        if (System.getProperty("guice_bytecode_gen_option") == null) {
            System.setProperty("guice_bytecode_gen_option", "DISABLED");
        }
        // the text index's Lucene classes load on their own thread (they cannot be in the class-data archive)
        TextIndexClassLoading.start();
        // the database opens on its own thread while Guice assembles the rest (start time, docs/benchmarks.md)
        // one server per data directory, checked before anything in it is opened (DirectoryLock)
        lockDataDirectory(arguments.dataDirectory());
        CpmMssConfiguration configuration = CpmMssServer.configuration(arguments.confDirectory(),
            arguments.dataDirectory());
        EarlyDatabaseOpening database = EarlyDatabaseOpening.start(configuration);
        // and so does the message store (EarlyStoreOpening)
        EarlyStoreOpening store = EarlyStoreOpening.start(configuration);
        // and so do four of the state databases (EarlyStateDatabaseOpening)
        EarlyStateDatabaseOpening states = EarlyStateDatabaseOpening.start(configuration);
        // and the XML configuration files are read (EarlyConfigurationReading)
        EarlyConfigurationReading configurationFiles = EarlyConfigurationReading.start(configuration);
        // and the spool's broker starts (EarlyBrokerStart)
        EarlyBrokerStart broker = EarlyBrokerStart.start(configuration);
        GuiceJamesServer server = CpmMssServer.create(arguments.confDirectory(), arguments.dataDirectory(),
            database.module(), store.module(), states.module(), configurationFiles.module(), broker.module());
        CleanStop cleanStop = CleanStop.install(() -> {
            // a start that failed (a data directory in use by another server, a bad configuration) leaves no probe
            // to reach the state databases by: the early openings are closed below, the rest goes with the process
            boolean started = server.isStarted();
            server.stop();
            broker.stopIfNotHandedOver();
            store.closeIfNotHandedOver();
            states.closeIfNotHandedOver();
            // James's database closes beside the state databases (a stop waits for the slowest, not the sum)
            Thread james = new Thread(database::close, "cpm-close-james-database");
            james.start();
            if (started) {
                server.getProbe(OpenStateDatabases.class).closeAll();
            }
            joinUninterruptibly(james);
        });
        try {
            server.start();
        } finally {
            cleanStop.startEnded();
        }
        LoggerFactory.getLogger(CpmMssMain.class).info("cpm-mss {} started", CpmMssVersion.version());
    }

    /** The data directory's lock, held while the process lives (a lock left unreachable would be released). */
    private static DirectoryLock dataDirectoryLock;

    private static void lockDataDirectory(File dataDirectory) {
        try {
            dataDirectoryLock = DirectoryLock.take(dataDirectory.toPath(), DATA_DIRECTORY_LOCK, "the data directory");
        } catch (DirectoryLock.DirectoryInUseException e) {
            LoggerFactory.getLogger(CpmMssMain.class).error("cpm-mss not started: {}", e.getMessage());
            System.exit(1);
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
