package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.server.core.configuration.FileConfigurationProvider;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.commons.io.file.PathUtils;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;

/**
 * The run command reads the XML configuration files ahead: what each component gets is what James's own provider
 * reads from the same file (every key, every value), a new object at each request; parts of files and files not read
 * ahead come from James's provider; a file that does not parse fails the request for it, not the start.
 */
class EarlyConfigurationReadingTest {
    @TempDir
    Path work;

    @Test
    void eachRequestGetsWhatJamesReadsFromTheFileAndNoObjectIsHandedOutTwice() throws Exception {
        CpmMssConfiguration configuration = configuration();
        ConfigurationProvider ahead = provider(configuration, EarlyConfigurationReading.start(configuration));
        ConfigurationProvider james = jamesProvider(configuration);

        Set<Object> handedOut = new HashSet<>();
        for (Map.Entry<String, Integer> file : EarlyConfigurationReading.FILES.entrySet()) {
            // the copies read ahead, then one more request, which James's provider answers
            for (int request = 0; request <= file.getValue(); request++) {
                HierarchicalConfiguration<ImmutableNode> got = ahead.getConfiguration(file.getKey());
                assertThat(contents(got)).as(file.getKey() + " #" + request)
                    .isEqualTo(contents(james.getConfiguration(file.getKey())));
                assertThat(handedOut.add(got)).as("a new object for " + file.getKey()).isTrue();
            }
        }
        assertThat(contents(jamesProvider(configuration).getConfiguration("imapserver"))).containsKey("imapserver.bind");
        // a part of a file: James's provider
        assertThat(contents(ahead.getConfiguration("mailetcontainer.processors")))
            .isEqualTo(contents(james.getConfiguration("mailetcontainer.processors"))).isNotEmpty();
    }

    @Test
    void aFileThatDoesNotParseFailsItsRequestAndAMissingFileIsJamesEmptyOne() throws Exception {
        CpmMssConfiguration configuration = configuration();
        Path conf = Path.of(configuration.directories().getConfDirectory());
        Files.writeString(conf.resolve("imapserver.xml"), "<imapserver><bind>127.0.0.1:1143</bind>");
        Files.delete(conf.resolve("dnsservice.xml"));

        ConfigurationProvider ahead = provider(configuration, EarlyConfigurationReading.start(configuration));

        assertThatThrownBy(() -> ahead.getConfiguration("imapserver")).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> jamesProvider(configuration).getConfiguration("imapserver"))
            .isInstanceOf(ConfigurationException.class);
        assertThat(ahead.getConfiguration("dnsservice")).isSameAs(FileConfigurationProvider.EMPTY_CONFIGURATION);
        assertThat(contents(ahead.getConfiguration("smtpserver"))).isNotEmpty();
    }

    private static ConfigurationProvider provider(CpmMssConfiguration configuration, EarlyConfigurationReading reading) {
        FileSystem fileSystem = new FileSystemImpl(configuration.directories());
        Injector injector = Guice.createInjector(Modules.override(new AbstractModule() {
            @Override
            protected void configure() {
                bind(FileSystem.class).toInstance(fileSystem);
                bind(Configuration.class).toInstance(configuration);
                bind(ConfigurationProvider.class).toInstance(jamesProvider(configuration));
            }
        }).with(reading.module()));
        return injector.getInstance(ConfigurationProvider.class);
    }

    private static ConfigurationProvider jamesProvider(CpmMssConfiguration configuration) {
        return new FileConfigurationProvider(new FileSystemImpl(configuration.directories()), configuration);
    }

    private static Map<String, List<Object>> contents(HierarchicalConfiguration<ImmutableNode> configuration) {
        Map<String, List<Object>> contents = new LinkedHashMap<>();
        configuration.getKeys().forEachRemaining(key -> contents.put(key, new ArrayList<>(configuration.getList(key))));
        return contents;
    }

    private CpmMssConfiguration configuration() throws Exception {
        Path conf = work.resolve("conf");
        PathUtils.copyDirectory(CpmMssTestServer.shippedConfDirectory(), conf);
        return CpmMssServer.configuration(conf.toFile(), Files.createDirectories(work.resolve("data")).toFile());
    }
}
