package org.cpmmss.james.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import com.google.inject.Module;

/**
 * A JUnit 5 extension that boots one real cpm-mss server for a test class: a fresh temporary directory holding a
 * copy of the shipped {@code conf/} (free ports, the class's cpm.properties overrides and file replacements) and an
 * empty data directory; the class's Guice overrides; then, once the doors accept connections, the domains and users
 * the class needs, created through WebAdmin as an operator would. The server starts before the class's own
 * {@code @BeforeAll} methods and stops after its {@code @AfterAll} methods; the temporary directory is removed then.
 *
 * <pre>
 * &#64;RegisterExtension
 * static CpmMssServerExtension server = CpmMssServerExtension.builder()
 *     .cpmProperty("cpm.http.tokens", "t:pf")
 *     .domain("example.com").user("alice@example.com", "pw")
 *     .build();
 * </pre>
 *
 * Test methods and lifecycle methods may also take the {@link CpmMssTestServer} as a parameter. Classes that boot
 * several servers or take one apart between tests (SIGKILL drills, upgrades) keep using {@link CpmMssTestServer}
 * directly.
 */
public final class CpmMssServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    /** A step run on the configured but not yet started server (conf edits that need its ports, keystores, ...). */
    @FunctionalInterface
    public interface Preparation {
        void prepare(CpmMssTestServer server) throws Exception;
    }

    private final Map<String, String> cpmProperties;
    private final List<Preparation> preparations;
    private final List<Module> overrides;
    private final List<String> domains;
    private final Map<String, String> users;
    private final boolean forked;

    private Path workDirectory;
    private CpmMssTestServer server;
    private String startedBy;

    private CpmMssServerExtension(Builder builder) {
        this.cpmProperties = Map.copyOf(builder.cpmProperties);
        this.preparations = List.copyOf(builder.preparations);
        this.overrides = List.copyOf(builder.overrides);
        this.domains = List.copyOf(builder.domains);
        this.users = new LinkedHashMap<>(builder.users);
        this.forked = builder.forked;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (server != null) {
            return; // a @Nested class shares its enclosing class's server
        }
        startedBy = context.getUniqueId();
        workDirectory = Files.createTempDirectory("cpm-mss-test");
        server = CpmMssTestServer.withFreshData(workDirectory, cpmProperties);
        overrides.forEach(server::withOverride);
        for (Preparation preparation : preparations) {
            preparation.prepare(server);
        }
        if (forked) {
            server.startForked();
        } else {
            server.start();
        }
        for (String domain : domains) {
            server.webAdmin().addDomain(domain);
        }
        for (Map.Entry<String, String> user : users.entrySet()) {
            server.webAdmin().addUser(user.getKey(), user.getValue());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server == null || !context.getUniqueId().equals(startedBy)) {
            return;
        }
        try {
            server.close();
        } finally {
            server = null;
            deleteQuietly(workDirectory);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CpmMssTestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server();
    }

    /** The running server (between the class's start and its end). */
    public CpmMssTestServer server() {
        if (server == null) {
            throw new IllegalStateException("the server runs only while the test class runs");
        }
        return server;
    }

    /** The temporary directory holding the server's conf/ and data/ (free for the test's own files too). */
    public Path workDirectory() {
        server();
        return workDirectory;
    }

    public int imapPort() {
        return server().imapPort();
    }

    public int smtpPort() {
        return server().smtpPort();
    }

    public int lmtpPort() {
        return server().lmtpPort();
    }

    public int httpPort() {
        return server().httpPort();
    }

    public int sipPort() {
        return server().sipPort();
    }

    public WebAdminClient webAdmin() {
        return server().webAdmin();
    }

    public GuiceJamesServer guice() {
        return server().guice();
    }

    public Path confDirectory() {
        return server().confDirectory();
    }

    public Path dataDirectory() {
        return server().dataDirectory();
    }

    /** Stops the in-process server (for a test that restarts it over the same data with {@link #start()}). */
    public void stop() {
        server().stop();
    }

    /** Starts the in-process server again over the same conf/ and data/. */
    public void start() throws Exception {
        server().start();
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // the temporary directory is the system's to clean; a leftover never fails a test
        }
    }

    /** What the server of a test class needs; every method returns this builder. */
    public static final class Builder {
        private final Map<String, String> cpmProperties = new LinkedHashMap<>();
        private final List<Preparation> preparations = new ArrayList<>();
        private final List<Module> overrides = new ArrayList<>();
        private final List<String> domains = new ArrayList<>();
        private final Map<String, String> users = new LinkedHashMap<>();
        private boolean forked;

        private Builder() {
        }

        /** Sets one key of conf/cpm.properties. */
        public Builder cpmProperty(String key, String value) {
            cpmProperties.put(key, value);
            return this;
        }

        public Builder cpmProperties(Map<String, String> values) {
            cpmProperties.putAll(values);
            return this;
        }

        /** Replaces text in one file of conf/ before the start (the text must be there). */
        public Builder replace(String file, String from, String to) {
            preparations.add(server -> server.replace(file, from, to));
            return this;
        }

        /** Makes {@code domain} the default domain of conf/domainlist.xml (in place of {@code localhost}). */
        public Builder defaultDomain(String domain) {
            return replace("domainlist.xml", "<defaultDomain>localhost</defaultDomain>",
                "<defaultDomain>" + domain + "</defaultDomain>");
        }

        /** Runs {@code preparation} on the configured server before it starts, after the earlier replacements. */
        public Builder prepare(Preparation preparation) {
            preparations.add(preparation);
            return this;
        }

        /** A Guice module overriding the server's bindings. */
        public Builder override(Module module) {
            overrides.add(module);
            return this;
        }

        /** A domain created through WebAdmin once the server runs. */
        public Builder domain(String domain) {
            domains.add(domain);
            return this;
        }

        /** A user created through WebAdmin once the server runs (after the domains). */
        public Builder user(String user, String password) {
            users.put(user, password);
            return this;
        }

        /** Runs the server as a separate JVM of the real main class (it can then be killed). */
        public Builder forked() {
            forked = true;
            return this;
        }

        public CpmMssServerExtension build() {
            return new CpmMssServerExtension(this);
        }
    }
}
