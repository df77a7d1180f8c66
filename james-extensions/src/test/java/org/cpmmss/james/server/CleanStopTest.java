package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

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
}
