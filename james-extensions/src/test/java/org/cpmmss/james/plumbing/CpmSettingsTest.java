package org.cpmmss.james.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.PropertiesProvider;
import org.cpmmss.james.server.CpmMssConfiguration;
import org.cpmmss.james.server.CpmMssDirectories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/cpm.properties read once through James's own properties reader, as the server reads it. */
class CpmSettingsTest {
    @TempDir
    Path conf;
    @TempDir
    Path data;

    @Test
    void listKeysAreJoinedWithCommasAndSingleKeysReadAsWritten() throws Exception {
        Files.writeString(conf.resolve("cpm.properties"), String.join("\n",
            "cpm.imap.cleartext-auth-networks=127.0.0.0/8, ::1",
            "cpm.storage.min-free=2G",
            "cpm.deferred.outbound-relay=",
            ""), StandardCharsets.UTF_8);
        CpmSettings settings = CpmSettings.read(provider());
        assertThat(settings.value("cpm.imap.cleartext-auth-networks")).contains("127.0.0.0/8,::1");
        assertThat(settings.first("cpm.imap.cleartext-auth-networks")).contains("127.0.0.0/8");
        assertThat(settings.value("cpm.storage.min-free")).contains("2G");
        assertThat(settings.values().apply("cpm.storage.min-free")).isEqualTo("2G");
        assertThat(settings.firsts().apply("cpm.deferred.outbound-relay")).isEmpty();
        assertThat(settings.value("cpm.deferred.outbound-relay")).isEmpty();
        assertThat(settings.value("cpm.limits.max-object-size")).isEmpty();
        assertThat(settings.values().apply("cpm.limits.max-object-size")).isNull();
    }

    @Test
    void noFileMeansEveryKeyTakesItsDefault() throws Exception {
        CpmSettings settings = CpmSettings.read(provider());
        assertThat(settings.value("cpm.storage.min-free")).isEmpty();
        assertThat(settings.firsts().apply("cpm.storage.min-free")).isNull();
    }

    private PropertiesProvider provider() {
        CpmMssConfiguration configuration = new CpmMssConfiguration(new CpmMssDirectories(conf.toFile(), data.toFile()));
        return new PropertiesProvider(new FileSystemImpl(configuration.directories()), configuration.configurationPath());
    }
}
