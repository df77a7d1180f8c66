package org.cpmmss.james.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for tests: one per test JVM, started on first use from the Debian package's binaries
 * ({@code /usr/lib/postgresql/N/bin}, installed by {@code .ci/run}) in a temporary directory on a free loopback
 * port, with {@code fsync=on} as in production, and stopped (its directory removed) when the JVM exits. It never
 * touches a cluster of the machine. Each test takes a fresh database of its own with {@link #newDatabase(String)}.
 *
 * <p>PostgreSQL refuses to run as root: when the tests run as root the cluster belongs to the {@code postgres} user
 * the Debian package creates, and its commands run through {@code runuser}.
 */
public final class PostgresTestServer {
    /** Superuser of the private cluster (trust authentication on loopback only). */
    public static final String SUPERUSER = "postgres";
    /** The role the server under test uses (password authentication is not needed on a private loopback cluster). */
    public static final String APP_USER = "cpmmss";
    public static final String APP_PASSWORD = "cpmmss";

    private static PostgresTestServer shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path binaries;
    private final Path directory;
    private final int port;

    private PostgresTestServer(Path binaries, Path directory, int port) {
        this.binaries = binaries;
        this.directory = directory;
        this.port = port;
    }

    /**
     * The JVM's private server, started on first call. Fails in CI and skips elsewhere when PostgreSQL's binaries
     * are not installed ({@link CiRequirement}).
     */
    public static synchronized PostgresTestServer shared() {
        Path binaries = findBinaries();
        CiRequirement.require(binaries != null,
                "PostgreSQL server binaries (Debian package postgresql: /usr/lib/postgresql/N/bin/initdb)");
        if (shared == null) {
            shared = start(binaries);
        }
        return shared;
    }

    public int port() {
        return port;
    }

    /** A JDBC URL to {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Creates a new empty database owned by {@link #APP_USER} and returns its JDBC URL; {@code hint} (letters, digits
     * and underscores) makes the name readable in logs.
     */
    public String newDatabase(String hint) {
        String name = ("t" + DATABASES.incrementAndGet() + "_" + hint.replaceAll("[^A-Za-z0-9_]", "_")).toLowerCase();
        if (name.length() > 60) {
            name = name.substring(0, 60);
        }
        try (Connection admin = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " OWNER " + APP_USER);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return jdbcUrl(name);
    }

    private static PostgresTestServer start(Path binaries) {
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path directory = Files.createTempDirectory("cpm-mss-pg-");
            Path data = directory.resolve("data");
            Path sockets = directory.resolve("sockets");
            Files.createDirectories(sockets);
            if (root) {
                run(List.of("chown", "-R", SUPERUSER + ":", directory.toString()), directory);
            }
            run(asOwner(root, List.of(binaries.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                    "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions")), directory);
            int port = freePort();
            String options = "-c listen_addresses=127.0.0.1 -p " + port + " -k " + sockets
                    + " -c fsync=on -c max_connections=200 -c shared_buffers=64MB";
            run(asOwner(root, List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                    directory.resolve("server.log").toString(), "-o", options, "-w", "-t", "120", "start")),
                    directory);
            PostgresTestServer server = new PostgresTestServer(binaries, directory, port);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(root, data), "postgres-test-stop"));
            try (Connection admin = DriverManager.getConnection(server.jdbcUrl("postgres"), SUPERUSER, "");
                 Statement statement = admin.createStatement()) {
                statement.execute("CREATE ROLE " + APP_USER + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
            }
            return server;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot start the private PostgreSQL test server", e);
        }
    }

    private void stop(boolean root, Path data) {
        try {
            run(asOwner(root, List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
                    "-w", "stop")), directory);
        } catch (RuntimeException | IOException e) {
            // the JVM is exiting; the directory goes below either way
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }

    private static List<String> asOwner(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", SUPERUSER, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void run(List<String> command, Path directory) throws IOException {
        Path log = directory.resolve("commands.log");
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("failed (" + process.exitValue() + "): " + command + "\n"
                    + Files.readString(log));
        }
    }

    private static int freePort() throws IOException {
        if (!System.getProperty(CpmMssTestServer.PORT_RANGE, "").isBlank()) {
            return CpmMssTestServer.freePort();
        }
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Path findBinaries() {
        Path root = Paths.get("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString()
                            .replaceAll("\\D", "0"))))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
