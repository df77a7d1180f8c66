package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.cpmmss.james.server.checks.WebAdminExposureCheck;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** James's WebAdmin routes have no credentials: the server refuses to expose them beyond loopback without JWT. */
class WebAdminExposureTest {
    @TempDir
    Path work;

    @Test
    void startIsRefusedWhenWebAdminListensBeyondLoopbackWithoutAuthentication() {
        CpmMssTestServer server = CpmMssTestServer.withFreshData(work);
        server.replace("webadmin.properties", "host=127.0.0.1", "host=0.0.0.0");
        assertThatThrownBy(server::start)
            .hasStackTraceContaining("webadmin-exposure")
            .hasStackTraceContaining("host=0.0.0.0");
        server.stop();
    }

    @Test
    void loopbackHostsAreAccepted() {
        assertThat(WebAdminExposureCheck.isLoopback("127.0.0.1")).isTrue();
        assertThat(WebAdminExposureCheck.isLoopback("localhost")).isTrue();
        assertThat(WebAdminExposureCheck.isLoopback("::1")).isTrue();
        assertThat(WebAdminExposureCheck.isLoopback("0.0.0.0")).isFalse();
    }
}
