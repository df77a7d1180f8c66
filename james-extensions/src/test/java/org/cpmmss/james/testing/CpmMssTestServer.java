package org.cpmmss.james.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.cpmmss.james.plumbing.OpenStateDatabases;
import org.apache.james.GuiceJamesServer;
import org.cpmmss.james.server.CpmMssServer;

import com.google.inject.Module;

/**
 * A real cpm-mss server for tests: the shipped {@code conf/} copied to a temporary directory with free
 * ports, a temporary data directory, booted either in this JVM or as a forked process (for SIGKILL drills).
 */
public final class CpmMssTestServer implements AutoCloseable {
    private final Path confDirectory;
    private final Path dataDirectory;
    private final int imapPort;
    private final int smtpPort;
    private final int lmtpPort;
    private final int httpPort;
    private final int sipPort;
    private GuiceJamesServer inProcess;
    private Process forked;
    private Integer lastExitValue;
    private final List<Module> overrides = new ArrayList<>();

    private CpmMssTestServer(Path confDirectory, Path dataDirectory) {
        this.confDirectory = confDirectory;
        this.dataDirectory = dataDirectory;
        this.imapPort = freePort();
        this.smtpPort = freePort();
        this.lmtpPort = freePort();
        this.httpPort = freePort();
        this.sipPort = freePort();
    }

    /** A server over a fresh data directory, configured with the shipped conf/ plus the given cpm.properties overrides. */
    public static CpmMssTestServer withFreshData(Path workDirectory, Map<String, String> cpmProperties) {
        try {
            Path conf = Files.createDirectories(workDirectory.resolve("conf"));
            Path data = Files.createDirectories(workDirectory.resolve("data"));
            CpmMssTestServer server = new CpmMssTestServer(conf, data);
            server.writeConfiguration(cpmProperties);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CpmMssTestServer withFreshData(Path workDirectory) {
        return withFreshData(workDirectory, Map.of());
    }

    public static Path shippedConfDirectory() {
        Path candidate = Path.of("").toAbsolutePath();
        while (candidate != null) {
            Path conf = candidate.resolve("conf").resolve("imapserver.xml");
            if (Files.isRegularFile(conf) && Files.isDirectory(candidate.resolve("james-extensions"))) {
                return conf.getParent();
            }
            candidate = candidate.getParent();
        }
        throw new IllegalStateException("cannot find the project's conf/ directory");
    }

    public CpmMssTestServer withOverride(Module module) {
        overrides.add(module);
        return this;
    }

    private void writeConfiguration(Map<String, String> cpmProperties) throws IOException {
        Path shipped = shippedConfDirectory();
        try (Stream<Path> files = Files.list(shipped)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, confDirectory.resolve(file.getFileName()));
                }
            }
        }
        replace("imapserver.xml", "<bind>127.0.0.1:1143</bind>", "<bind>127.0.0.1:" + imapPort + "</bind>");
        replace("smtpserver.xml", "<bind>127.0.0.1:1025</bind>", "<bind>127.0.0.1:" + smtpPort + "</bind>");
        replace("lmtpserver.xml", "<bind>127.0.0.1:1024</bind>", "<bind>127.0.0.1:" + lmtpPort + "</bind>");
        replace("webadmin.properties", "port=8000", "port=" + httpPort);
        replace("sipserver.properties", "sip.bind=127.0.0.1:5062", "sip.bind=127.0.0.1:" + sipPort);
        setCpmProperties(cpmProperties);
    }

    /** Rewrites keys of conf/cpm.properties (takes effect at the next start). */
    public void setCpmProperties(Map<String, String> values) {
        if (values.isEmpty()) {
            return;
        }
        try {
            Path file = confDirectory.resolve("cpm.properties");
            Map<String, String> remaining = new LinkedHashMap<>(values);
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                String key = eq > 0 && !line.startsWith("#") ? line.substring(0, eq).trim() : null;
                if (key != null && remaining.containsKey(key)) {
                    lines.add(key + "=" + remaining.remove(key));
                } else {
                    lines.add(line);
                }
            }
            remaining.forEach((key, value) -> lines.add(key + "=" + value));
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Selects the embedded store's mailbox backend ({@code native} or {@code jpa}) in conf/storage.properties. */
    public CpmMssTestServer withMailbox(String backend) {
        try {
            Path path = confDirectory.resolve("storage.properties");
            String content = Files.readString(path, StandardCharsets.UTF_8);
            String changed = content.replaceAll("(?m)^storage\\.embedded\\.mailbox=.*$", "storage.embedded.mailbox=" + backend);
            if (!changed.contains("storage.embedded.mailbox=" + backend)) {
                throw new IllegalStateException("storage.properties has no storage.embedded.mailbox line");
            }
            Files.writeString(path, changed, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces text in one configuration file; fails if the text is not there. */
    public void replace(String file, String from, String to) {
        try {
            Path path = confDirectory.resolve(file);
            String content = Files.readString(path, StandardCharsets.UTF_8);
            if (!content.contains(from)) {
                throw new IllegalStateException(file + " does not contain " + from);
            }
            Files.writeString(path, content.replace(from, to), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CpmMssTestServer start() throws Exception {
        System.setProperty("james.exit.on.startup.error", "false");
        for (int attempt = 1; ; attempt++) {
            awaitPortsFree(Duration.ofSeconds(30));
            inProcess = CpmMssServer.create(confDirectory.toFile(), dataDirectory.toFile(), overrides.toArray(Module[]::new));
            try {
                inProcess.start();
                break;
            } catch (Exception e) {
                if (attempt >= BIND_ATTEMPTS || !causedByBind(e)) {
                    throw e;
                }
                stopQuietly();
                Thread.sleep(BIND_RETRY_PAUSE.toMillis());
            }
        }
        awaitPorts(Duration.ofSeconds(60));
        return this;
    }

    /**
     * A restart on the same ports can meet one still held for a moment (a listener of the stopped server closing in a
     * thread of its own, seen under load for the IMAP and SIP doors): such a start is tried again, at most
     * {@value #BIND_ATTEMPTS} times; any other start failure is the test's.
     */
    private static final int BIND_ATTEMPTS = 3;
    private static final Duration BIND_RETRY_PAUSE = Duration.ofSeconds(3);

    private static boolean causedByBind(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.BindException
                || String.valueOf(cause.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            inProcess = null;
        }
    }

    /** Stops the in-process server and closes its stores and state databases, as the run command's stop does. */
    public void stop() {
        if (inProcess != null) {
            boolean started = inProcess.isStarted();
            inProcess.stop();
            if (started) {
                inProcess.getProbe(OpenStateDatabases.class).closeAll();
            }
            inProcess = null;
        }
    }

    public GuiceJamesServer guice() {
        return inProcess;
    }

    /** Starts the server as a separate JVM running the real main class (so that it can be SIGKILLed). */
    public CpmMssTestServer startForked() throws Exception {
        awaitPortsFree(Duration.ofSeconds(30));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC",
            "-Dlogback.configurationFile=" + confDirectory.resolve("logback.xml"),
            "-cp", System.getProperty("java.class.path"),
            "org.cpmmss.james.server.CpmMssMain",
            "--conf", confDirectory.toString(), "--data", dataDirectory.toString());
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog()));
        for (int attempt = 1; ; attempt++) {
            long logBefore = serverLog().length();
            forked = builder.start();
            try {
                // a readiness wait, not a speed check: a forked start took 60-95 s on this 2-CPU machine under a load of 40
                awaitPorts(Duration.ofSeconds(240));
                return this;
            } catch (IllegalStateException died) {
                if (attempt >= BIND_ATTEMPTS || forked.isAlive() || !logSince(logBefore).contains("Address already in use")) {
                    throw died;
                }
                forked = null;
                Thread.sleep(BIND_RETRY_PAUSE.toMillis());
                awaitPortsFree(Duration.ofSeconds(30));
            }
        }
    }

    private String logSince(long offset) {
        try {
            byte[] all = Files.readAllBytes(serverLog().toPath());
            int from = (int) Math.min(Math.max(0, offset), all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public void killForked() throws InterruptedException {
        if (forked != null) {
            forked.destroyForcibly();
            forked.waitFor(30, TimeUnit.SECONDS);
            forked = null;
        }
    }

    /** Sends SIGTERM to the forked server; returns how long it took to exit, or null if it did not within 60 s. */
    public Duration terminateForked() throws InterruptedException {
        if (forked == null) {
            return Duration.ZERO;
        }
        Instant start = Instant.now();
        forked.destroy();
        boolean exited = forked.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            forked.destroyForcibly();
        }
        lastExitValue = exited ? forked.exitValue() : null;
        forked = null;
        return exited ? Duration.between(start, Instant.now()) : null;
    }

    /** The exit status of the forked server after {@link #terminateForked()} (null: it had to be killed). */
    public Integer lastExitValue() {
        return lastExitValue;
    }

    public boolean forkedAlive() {
        return forked != null && forked.isAlive();
    }

    private void awaitPorts(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        for (int port : new int[] {imapPort, smtpPort, lmtpPort, httpPort, sipPort}) {
            while (!accepts(port)) {
                if (forked != null && !forked.isAlive()) {
                    throw new IllegalStateException("forked server died (exit " + forked.exitValue() + "), see "
                        + serverLog() + "; its last lines:\n" + tailOfServerLog(40));
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("port " + port + " never accepted connections");
                }
                Thread.sleep(100);
            }
        }
    }

    /** The last lines of the forked server's console, so that a failure on a CI machine explains itself. */
    private String tailOfServerLog(int lines) {
        try {
            List<String> all = Files.readAllLines(serverLog().toPath(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(console not readable: " + e + ")";
        }
    }

    /**
     * Waits until this server's ports can be bound again: a restart on the same ports right after a stop can find one
     * still held (WebAdmin's Jetty stops in a thread of its own), and Spark then waits forever for its start.
     */
    private void awaitPortsFree(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        for (int port : new int[] {imapPort, smtpPort, lmtpPort, httpPort, sipPort}) {
            while (!bindable(port) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
        }
        // the SIP bridge listens on UDP as well
        while (!datagramBindable(sipPort) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
    }

    private static boolean datagramBindable(int port) {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(null)) {
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@code -Dcpm.test.port-range=LOW-HIGH}: every port the test servers of this JVM listen on (cpm-mss, and the
     * private PostgreSQL and RabbitMQ) is drawn from LOW..HIGH, in turn, and probed on the loopback address only — for
     * a shared machine where a session may use only its own ports. Run with {@code -Dtest.forks=1}. A port comes round
     * again only after every other port of the range was considered, and only when it is free then.
     */
    public static final String PORT_RANGE = "cpm.test.port-range";
    private static final java.util.concurrent.atomic.AtomicInteger IN_TURN = new java.util.concurrent.atomic.AtomicInteger();

    private static synchronized int freePortIn(String range) {
        String[] bounds = range.split("-");
        int low = Integer.parseInt(bounds[0].trim());
        int size = Integer.parseInt(bounds[1].trim()) - low + 1;
        for (int tried = 0; tried < size; tried++) {
            int port = low + Math.floorMod(IN_TURN.getAndIncrement(), size);
            try (ServerSocket socket = new ServerSocket();
                 java.net.DatagramSocket datagrams = new java.net.DatagramSocket(null)) {
                socket.setReuseAddress(false);
                socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
                datagrams.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
            } catch (IOException taken) {
                continue;
            }
            GIVEN.add(port);
            return port;
        }
        throw new UncheckedIOException(new IOException("no free port in " + PORT_RANGE + "=" + range));
    }

    /** Ports handed out by this JVM (a port is never given twice, even once its server stopped). */
    private static final java.util.Set<Integer> GIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A free port below the kernel's ephemeral range. A port from the ephemeral range (what {@code new
     * ServerSocket(0)} returns) can be taken, between our choice and the server's bind, by the local end of any
     * outgoing connection — our own readiness probes included — and the server then fails with "Address already
     * in use" (seen in the SIGKILL drills under load).
     */
    public static int freePort() {
        String ownRange = System.getProperty(PORT_RANGE, "");
        if (!ownRange.isBlank()) {
            return freePortIn(ownRange.trim());
        }
        int ephemeralLow = 32768;
        try {
            // read as a stream: Files.readString trusts the size /proc reports (0) and returned only "3" of
            // "32768 60999", which shrank every JVM's port range to 10000-10999
            String range;
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(
                Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
                range = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            }
            ephemeralLow = Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            // not Linux: keep the IANA/Linux default
        }
        int low = 10_000;
        int high = Math.max(low + 1_000, ephemeralLow) - 1;
        // Test JVMs running side by side (pom.xml test.forks) each draw from their own slice: a port one JVM gave to
        // a server it restarts later must not look free to the other.
        int forks = Math.max(1, Integer.getInteger("cpm.test.forks", 1));
        int fork = Math.min(forks, TestJvmSlot.of(forks));
        int slice = (high - low + 1) / forks;
        low = low + (fork - 1) * slice;
        high = low + slice - 1;
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = random.nextInt(low, high + 1);
            if (GIVEN.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket();
                 java.net.DatagramSocket datagrams = new java.net.DatagramSocket(null)) {
                socket.setReuseAddress(false);
                socket.bind(new java.net.InetSocketAddress("0.0.0.0", port));
                // the SIP bridge listens on UDP as well as TCP on its port
                datagrams.bind(new java.net.InetSocketAddress("0.0.0.0", port));
            } catch (IOException taken) {
                continue;
            }
            if (GIVEN.add(port)) {
                return port;
            }
        }
        throw new UncheckedIOException(new IOException("no free port found below " + ephemeralLow));
    }

    public WebAdminClient webAdmin() {
        return new WebAdminClient(httpPort);
    }

    public int imapPort() {
        return imapPort;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int lmtpPort() {
        return lmtpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The SIP bridge's port (UDP and TCP). */
    public int sipPort() {
        return sipPort;
    }

    public Path confDirectory() {
        return confDirectory;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The forked server's console, kept under target/forked-servers/ so that it outlives the test's temp dir. */
    public File serverLog() {
        File directory = new File("target/forked-servers");
        directory.mkdirs();
        return new File(directory, "server-" + httpPort + ".log");
    }

    @Override
    public void close() throws Exception {
        stop();
        killForked();
    }
}
