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
}
