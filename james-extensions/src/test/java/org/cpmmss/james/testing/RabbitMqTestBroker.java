package org.cpmmss.james.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * A private RabbitMQ broker for tests: one per test JVM, started on first use from the Debian package's
 * {@code rabbitmq-server} (installed by {@code .ci/run}) as a node of its own: its own node name, AMQP port and
 * Erlang distribution port on loopback, its own {@code epmd} on a free port ({@code ERL_EPMD_PORT}; the machine's
 * 4369 is never used), its own Erlang cookie ({@code HOME}), database and logs in a temporary directory, no plugin
 * (no management), and none of {@code /etc/rabbitmq}. Stopped (its directory removed) when the JVM exits. Each test
 * takes a virtual host of its own with {@link #newVirtualHost(String)}, so queues of one test never reach another.
 */
public final class RabbitMqTestBroker {
    /** The user every virtual host is open to (the broker's default user; loopback only). */
    public static final String USER = "cpmmss";
    public static final String PASSWORD = "cpmmss";

    private static final Path SCRIPTS = Paths.get("/usr/lib/rabbitmq/bin");
    private static final AtomicInteger VIRTUAL_HOSTS = new AtomicInteger();
    private static RabbitMqTestBroker shared;

    private final Path directory;
    private final String nodeName;
    private final int amqpPort;
    private final Map<String, String> environment;
    private final Process epmd;
    private final Process broker;

    private RabbitMqTestBroker(Path directory, String nodeName, int amqpPort, Map<String, String> environment,
                               Process epmd, Process broker) {
        this.directory = directory;
        this.nodeName = nodeName;
        this.amqpPort = amqpPort;
        this.environment = environment;
        this.epmd = epmd;
        this.broker = broker;
    }

    /**
     * The JVM's private broker, started on first call. Fails in CI and skips elsewhere when RabbitMQ is not installed
     * ({@link CiRequirement}).
     */
    public static synchronized RabbitMqTestBroker shared() {
        CiRequirement.require(Files.isExecutable(SCRIPTS.resolve("rabbitmq-server")),
                "RabbitMQ server (Debian package rabbitmq-server: /usr/lib/rabbitmq/bin/rabbitmq-server)");
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    public int amqpPort() {
        return amqpPort;
    }

    /** The {@code events.rabbitmq.uri} of {@code virtualHost} on this broker. */
    public String uri(String virtualHost) {
        return "amqp://" + USER + ":" + PASSWORD + "@127.0.0.1:" + amqpPort + "/" + virtualHost;
    }

    /**
     * Creates a new empty virtual host open to {@link #USER} and returns its {@code amqp://} URI; {@code hint}
     * (letters, digits, dashes) makes the name readable in the broker's log.
     */
    public String newVirtualHost(String hint) {
        String name = "t" + VIRTUAL_HOSTS.incrementAndGet() + "-" + hint.replaceAll("[^A-Za-z0-9-]", "-");
        control(List.of("add_vhost", name));
        control(List.of("set_permissions", "-p", name, USER, ".*", ".*", ".*"));
        return uri(name);
    }

    /** The names of the queues of the virtual host that {@code uri} (one of {@link #newVirtualHost}'s) names. */
    public List<String> queueNames(String uri) {
        String virtualHost = uri.substring(uri.lastIndexOf('/') + 1);
        return control(List.of("list_queues", "-p", virtualHost, "--quiet", "--no-table-headers", "name")).lines()
                .map(String::trim).filter(line -> !line.isEmpty()).toList();
    }

    /** Runs {@code rabbitmqctl} against this node (e.g. to list queues in a test). Returns its output. */
    public String control(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(SCRIPTS.resolve("rabbitmqctl").toString(), "-n", nodeName));
        command.addAll(arguments);
        try {
            return run(command, environment, directory, 120);
        } catch (IOException e) {
            throw new IllegalStateException("rabbitmqctl failed: " + arguments, e);
        }
    }

    private static RabbitMqTestBroker start() {
        try {
            Path directory = Files.createTempDirectory("cpm-mss-rabbitmq-");
            Path home = Files.createDirectories(directory.resolve("home"));
            Path cookie = home.resolve(".erlang.cookie");
            Files.writeString(cookie, "CPMMSSTEST" + Long.toHexString(System.nanoTime()).toUpperCase());
            Files.setPosixFilePermissions(cookie, PosixFilePermissions.fromString("r--------"));
            Files.writeString(directory.resolve("enabled_plugins"), "[].\n");
            Files.writeString(directory.resolve("rabbitmq-env.conf"), "");
            int amqpPort = freePort();
            int distributionPort = freePort();
            int epmdPort = freePort();
            Files.writeString(directory.resolve("rabbitmq.conf"), String.join("\n",
                    "listeners.tcp.1 = 127.0.0.1:" + amqpPort,
                    "default_user = " + USER,
                    "default_pass = " + PASSWORD,
                    "default_vhost = " + USER,
                    "loopback_users = none",
                    "log.console = false",
                    "log.file.level = info",
                    "") );
            String nodeName = "cpmtest" + ProcessHandle.current().pid() + "@localhost";
            Map<String, String> environment = new HashMap<>();
            environment.put("HOME", home.toString());
            environment.put("RABBITMQ_CONF_ENV_FILE", directory.resolve("rabbitmq-env.conf").toString());
            environment.put("RABBITMQ_CONFIG_FILE", directory.resolve("rabbitmq.conf").toString());
            environment.put("RABBITMQ_ENABLED_PLUGINS_FILE", directory.resolve("enabled_plugins").toString());
            environment.put("RABBITMQ_NODENAME", nodeName);
            environment.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
            environment.put("RABBITMQ_NODE_PORT", String.valueOf(amqpPort));
            environment.put("RABBITMQ_DIST_PORT", String.valueOf(distributionPort));
            environment.put("RABBITMQ_MNESIA_BASE", Files.createDirectories(directory.resolve("mnesia")).toString());
            environment.put("RABBITMQ_LOG_BASE", Files.createDirectories(directory.resolve("log")).toString());
            environment.put("RABBITMQ_PID_FILE", directory.resolve("broker.pid").toString());
            environment.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
            environment.put("RABBITMQ_CTL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
            environment.put("ERL_EPMD_PORT", String.valueOf(epmdPort));
            environment.put("ERL_EPMD_ADDRESS", "127.0.0.1");

            Process epmd = new ProcessBuilder("epmd", "-port", String.valueOf(epmdPort), "-address", "127.0.0.1")
                    .directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("epmd.log").toFile()).start();
            ProcessBuilder brokerCommand = new ProcessBuilder(SCRIPTS.resolve("rabbitmq-server").toString())
                    .directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("broker.out").toFile());
            brokerCommand.environment().putAll(environment);
            Process broker = brokerCommand.start();
            RabbitMqTestBroker started = new RabbitMqTestBroker(directory, nodeName, amqpPort, Map.copyOf(environment),
                    epmd, broker);
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "rabbitmq-test-stop"));
            started.awaitAmqp();
            return started;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the private RabbitMQ test broker", e);
        }
    }

    /** Waits until the broker accepts an AMQP connection of {@link #USER} (a start takes 5-30 s on a busy machine). */
    private void awaitAmqp() throws IOException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(amqpPort);
        factory.setUsername(USER);
        factory.setPassword(PASSWORD);
        factory.setVirtualHost(USER);
        factory.setConnectionTimeout(2000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                throw new IllegalStateException("the RabbitMQ test broker exited (" + broker.exitValue() + "):\n"
                        + Files.readString(directory.resolve("broker.out")));
            }
            try (Connection connection = factory.newConnection("cpm-mss-test-probe")) {
                return;
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the RabbitMQ test broker starts", e);
            }
        }
        throw new IllegalStateException("the RabbitMQ test broker did not accept connections within 180 s; see "
                + directory.resolve("log"), last);
    }

    private void stop() {
        try {
            control(List.of("shutdown"));
        } catch (RuntimeException e) {
            // the JVM is exiting; the processes are ended below either way
        }
        broker.descendants().forEach(ProcessHandle::destroyForcibly);
        broker.destroyForcibly();
        epmd.destroyForcibly();
        try {
            broker.waitFor(10, TimeUnit.SECONDS);
            epmd.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }

    private static String run(List<String> command, Map<String, String> environment, Path directory, int seconds)
            throws IOException {
        Path output = Files.createTempFile(directory, "command-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
        String text = Files.readString(output);
        Files.deleteIfExists(output);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("failed (" + process.exitValue() + "): " + command + "\n" + text);
        }
        return text;
    }

    private static int freePort() throws IOException {
        if (!System.getProperty(CpmMssTestServer.PORT_RANGE, "").isBlank()) {
            return CpmMssTestServer.freePort();
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
