package org.cpmmss.james.store.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.cpmmss.james.server.MigrateStore;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/cpm-mss migrate-store} moves a JPA mailbox into the embedded native store only: with
 * {@code storage.backend=postgresql} it refuses with the reason and writes nothing into the data directory.
 */
class MigrateStoreOnPostgresqlTest {
    @TempDir
    Path work;

    @Test
    void refusedWithThePostgresqlBackend() throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf"));
        Path data = Files.createDirectories(work.resolve("data"));
        try (Stream<Path> files = Files.list(CpmMssTestServer.shippedConfDirectory())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, conf.resolve(file.getFileName()));
                }
            }
        }
        Files.writeString(conf.resolve(StorageSelection.FILE), "storage.backend=postgresql\n"
            + "storage.postgresql.url=jdbc:postgresql://127.0.0.1:1/none\nstorage.postgresql.user=cpmmss\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = MigrateStore.run(new String[] {"--conf", conf.toString(), "--data", data.toString()},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("storage.backend=postgresql")
            .contains("embedded native store only");
        assertThat(data.resolve("mailstore")).doesNotExist();
    }
}
