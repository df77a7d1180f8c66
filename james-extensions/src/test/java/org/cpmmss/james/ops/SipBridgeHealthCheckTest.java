package org.cpmmss.james.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.james.core.healthcheck.Result;
import org.apache.james.core.healthcheck.ResultStatus;
import org.cpmmss.james.ops.health.SipBridgeHealthCheckAccess;
import org.cpmmss.james.sip.SipBridgeConfiguration;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

/**
 * The SIP bridge health check against real UDP peers standing in for the bridge: it reads the status line of the
 * answer to its OPTIONS (the booted bridge itself is checked in {@link HealthAndMetricsTest}).
 */
class SipBridgeHealthCheckTest {

    @Test
    void anAnsweringBridgeIsHealthy() throws Exception {
        assertThat(checkAgainst("SIP/2.0 200 OK").getStatus()).isEqualTo(ResultStatus.HEALTHY);
    }

    @Test
    void aBridgeSheddingLoadIsDegraded() throws Exception {
        Result result = checkAgainst("SIP/2.0 503 Service Unavailable (overloaded)");
        assertThat(result.getStatus()).isEqualTo(ResultStatus.DEGRADED);
        assertThat(result.getCause()).hasValueSatisfying(c -> assertThat(c).contains("503"));
    }

    @Test
    void aSilentBridgeIsUnhealthy() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Result result = Mono.from(SipBridgeHealthCheckAccess.check(() -> udpOn(silent.getLocalPort()))).block();
            assertThat(result.getStatus()).isEqualTo(ResultStatus.UNHEALTHY);
            assertThat(result.getCause()).hasValueSatisfying(c -> assertThat(c).contains("does not answer OPTIONS"));
        }
    }

    @Test
    void aBridgeThatHasNotStartedIsUnhealthyAndADisabledOneHealthy() {
        assertThat(Mono.from(SipBridgeHealthCheckAccess.check(() -> null)).block().getStatus())
            .isEqualTo(ResultStatus.UNHEALTHY);
        SipBridgeConfiguration disabled = SipBridgeConfiguration.from(Map.of("sip.enabled", "false")::get);
        assertThat(Mono.from(SipBridgeHealthCheckAccess.check(() -> disabled)).block().getStatus())
            .isEqualTo(ResultStatus.HEALTHY);
    }

    /** A UDP peer that answers the first request with {@code statusLine}, after checking it is an OPTIONS. */
    private static Result checkAgainst(String statusLine) throws Exception {
        AtomicReference<String> received = new AtomicReference<>();
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread responder = new Thread(() -> {
                try {
                    byte[] buffer = new byte[8192];
                    DatagramPacket request = new DatagramPacket(buffer, buffer.length);
                    peer.receive(request);
                    String text = new String(buffer, 0, request.getLength(), StandardCharsets.US_ASCII);
                    received.set(text);
                    byte[] answer = (statusLine + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                    peer.send(new DatagramPacket(answer, answer.length, request.getSocketAddress()));
                } catch (Exception ignored) {
                    // the test's assertions report it
                }
            });
            responder.start();
            Result result = Mono.from(SipBridgeHealthCheckAccess.check(() -> udpOn(peer.getLocalPort()))).block();
            responder.join(5000);
            assertThat(received.get()).startsWith("OPTIONS sip:127.0.0.1:" + peer.getLocalPort() + " SIP/2.0\r\n")
                .contains("\r\nCSeq: 1 OPTIONS\r\n", "\r\nVia: SIP/2.0/UDP 127.0.0.1:");
            return result;
        }
    }

    private static SipBridgeConfiguration udpOn(int port) {
        return SipBridgeConfiguration.from(Map.of("sip.bind", "127.0.0.1:" + port, "sip.transports", "udp")::get);
    }
}
