package org.cpmmss.james.store.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/storage.properties: the shipped file and the defaults select the native store, {@code jpa}
 * stays selectable; reserved values are refused clearly. */
class StorageSelectionTest {
    @TempDir
    Path conf;

    @Test
    void theShippedConfigurationSelectsTheNativeStore() {
        StorageSelection shipped = StorageSelection.read(CpmMssTestServer.shippedConfDirectory().toFile());
        assertThat(shipped).isEqualTo(StorageSelection.DEFAULT);
        assertThat(shipped.nativeMailbox()).isTrue();
    }

    @Test
    void noFileMeansTheDefaults() {
        assertThat(StorageSelection.read(conf.toFile())).isEqualTo(StorageSelection.DEFAULT);
        assertThat(StorageSelection.DEFAULT.nativeMailbox()).isTrue();
    }

    @Test
    void jpaStaysSelectable() throws Exception {
        Files.writeString(conf.resolve(StorageSelection.FILE), "storage.embedded.mailbox=jpa\n");
        StorageSelection selection = StorageSelection.read(conf.toFile());
        assertThat(selection.mailbox()).isEqualTo("jpa");
        assertThat(selection.nativeMailbox()).isFalse();
    }

    @Test
    void nativeIsSelectedByItsKey() throws Exception {
        Files.writeString(conf.resolve(StorageSelection.FILE), "storage.embedded.mailbox = Native\n");
        assertThat(StorageSelection.read(conf.toFile()).nativeMailbox()).isTrue();
    }

    @Test
    void reservedAndUnknownValuesAreRefused() throws Exception {
        Files.writeString(conf.resolve(StorageSelection.FILE), "storage.backend=postgresql\n");
        assertThatThrownBy(() -> StorageSelection.read(conf.toFile())).hasMessageContaining("storage.backend");
        Files.writeString(conf.resolve(StorageSelection.FILE), "events.backend=rabbitmq\n");
        assertThatThrownBy(() -> StorageSelection.read(conf.toFile())).hasMessageContaining("events.backend");
        Files.writeString(conf.resolve(StorageSelection.FILE), "storage.embedded.mailbox=maildir\n");
        assertThatThrownBy(() -> StorageSelection.read(conf.toFile())).hasMessageContaining("jpa");
    }

    @Test
    void thePostgresqlAndRabbitmqKeysAreReadWithTheirBackends() throws Exception {
        Files.writeString(conf.resolve(StorageSelection.FILE), String.join("\n",
            "storage.backend=postgresql",
            "storage.postgresql.url=jdbc:postgresql://127.0.0.1:5432/cpmmss",
            "storage.postgresql.user=cpmmss",
            "storage.postgresql.password=secret",
            "storage.postgresql.pool-size=24",
            "events.backend=rabbitmq",
            "events.rabbitmq.uri=amqp://cpm:pw@127.0.0.1:5672/cpmmss", ""));
        StorageSelection selection = StorageSelection.read(conf.toFile());
        assertThat(selection.postgresqlBackend()).isTrue();
        assertThat(selection.rabbitmqEvents()).isTrue();
        assertThat(selection.postgresql()).contains(new org.cpmmss.james.plumbing.postgresql.PostgresqlSettings(
            "jdbc:postgresql://127.0.0.1:5432/cpmmss", "cpmmss", "secret", 24));
        assertThat(selection.postgresql().orElseThrow().toString()).doesNotContain("secret");
        assertThat(selection.rabbitmqUri()).contains("amqp://cpm:pw@127.0.0.1:5672/cpmmss");

        Files.writeString(conf.resolve(StorageSelection.FILE), "storage.backend=cassandra\n");
        assertThatThrownBy(() -> StorageSelection.read(conf.toFile())).hasMessageContaining("storage.backend");
        Files.writeString(conf.resolve(StorageSelection.FILE),
            "storage.backend=postgresql\nstorage.postgresql.url=jdbc:postgresql://h/d\nstorage.postgresql.user=u\n"
                + "storage.postgresql.pool-size=0\n");
        assertThatThrownBy(() -> StorageSelection.read(conf.toFile())).hasMessageContaining("pool-size");
    }
}
