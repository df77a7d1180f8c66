package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cpmmss.james.plumbing.CpmMssVersion;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real main class, stopped with SIGTERM, exits with status 0 (not 143) after a clean stop, and logs its version. */
class CleanStopTest {
    @TempDir
    Path work;

    @Test
    void sigtermStopsCleanlyWithExitStatusZero() throws Exception {
        CpmMssTestServer server = CpmMssTestServer.withFreshData(work);
        server.startForked();
        assertThat(server.terminateForked()).as("stopped within 60 s").isNotNull();
        assertThat(server.lastExitValue()).isZero();
        String log = Files.readString(server.serverLog().toPath());
        assertThat(log).contains("cpm-mss " + CpmMssVersion.version() + " starting")
            .contains("SIGTERM received")
            .contains("cpm-mss " + CpmMssVersion.version() + " stopped cleanly");
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryFailsWithAClearErrorAndNoFailedStop() throws Exception {
        CpmMssTestServer first = CpmMssTestServer.withFreshData(work.resolve("first"));
        CpmMssTestServer second = CpmMssTestServer.withFreshData(work.resolve("second"));
        Files.delete(second.dataDirectory());
        Files.createSymbolicLink(second.dataDirectory(), first.dataDirectory());
        first.startForked();
        try {
            assertThatThrownBy(second::startForked).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("forked server died");
            String log = Files.readString(second.serverLog().toPath());
            assertThat(log).contains("already in use").doesNotContain("stop failed")
                .doesNotContain("NullPointerException");
            assertThat(first.forkedAlive()).as("the first server runs on").isTrue();
        } finally {
            assertThat(first.terminateForked()).isNotNull();
        }
        assertThat(first.lastExitValue()).isZero();
    }
}
