package org.cpmmss.james.ops.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.Result;
import org.cpmmss.james.plumbing.SipDoorStatus;

/**
 * The SIP bridge answers: a SIP {@code OPTIONS} is sent to its own listening point (the first configured
 * transport; a wildcard bind is reached on loopback) and any final response within {@link #TIMEOUT} counts as alive.
 * {@code 503} (the bridge sheds load) is degraded; no answer is unhealthy. Healthy when the bridge is disabled.
 */
public class SipBridgeHealthCheck extends BlockingHealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("SIP bridge");
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** Where the bridge listens once started (empty before). */
    private final SipDoorStatus door;

    @Inject
    public SipBridgeHealthCheck(SipDoorStatus door) {
        super(COMPONENT, TIMEOUT.plusSeconds(2), "the SIP bridge does not answer OPTIONS");
        this.door = door;
    }

    @Override
    protected Result inspect() throws IOException {
        Optional<SipDoorStatus.Listening> started = door.started();
        if (started.isEmpty()) {
            return Result.unhealthy(COMPONENT, "the SIP bridge has not started");
        }
        SipDoorStatus.Listening listening = started.get();
        if (!listening.enabled()) {
            return Result.healthy(COMPONENT);
        }
        InetAddress target = reachable(listening.host());
        String transport = listening.transport();
        String statusLine = "tcp".equals(transport)
            ? overTcp(target, listening.port())
            : overUdp(target, listening.port());
        if (!statusLine.startsWith("SIP/2.0 ")) {
            return Result.unhealthy(COMPONENT, "unexpected answer to OPTIONS: " + statusLine);
        }
        if (statusLine.startsWith("SIP/2.0 503")) {
            return Result.degraded(COMPONENT, "the SIP bridge sheds load (" + statusLine + ")");
        }
        return Result.healthy(COMPONENT);
    }

    private static InetAddress reachable(String host) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        if (address.isAnyLocalAddress()) {
            return address instanceof java.net.Inet6Address ? InetAddress.getByName("::1") : InetAddress.getByName("127.0.0.1");
        }
        return address;
    }

    static String options(String transport, InetAddress target, int port, String localHost, int localPort) {
        String host = target.getHostAddress().contains(":") ? "[" + target.getHostAddress() + "]" : target.getHostAddress();
        String local = localHost.contains(":") ? "[" + localHost + "]" : localHost;
        String id = UUID.randomUUID().toString();
        return "OPTIONS sip:" + host + ":" + port + " SIP/2.0\r\n"
            + "Via: SIP/2.0/" + transport.toUpperCase() + " " + local + ":" + localPort + ";branch=z9hG4bK-health-" + id + ";rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:healthcheck@" + host + ">;tag=" + id.substring(0, 8) + "\r\n"
            + "To: <sip:" + host + ":" + port + ">\r\n"
            + "Call-ID: health-" + id + "\r\n"
            + "CSeq: 1 OPTIONS\r\n"
            + "Content-Length: 0\r\n\r\n";
    }

    private static String overUdp(InetAddress target, int port) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, target)) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            byte[] request = options("udp", target, port, target.getHostAddress(), socket.getLocalPort())
                .getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(request, request.length, target, port));
            byte[] buffer = new byte[8192];
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            socket.receive(answer);
            return firstLine(new String(buffer, 0, answer.getLength(), StandardCharsets.US_ASCII));
        }
    }

    private static String overTcp(InetAddress target, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target, port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(options("tcp", target, port, socket.getLocalAddress().getHostAddress(), socket.getLocalPort())
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n' && line.length() < 200) {
                line.append((char) c);
            }
            return line.toString().trim();
        }
    }

    private static String firstLine(String answer) {
        int end = answer.indexOf("\r\n");
        return (end < 0 ? answer : answer.substring(0, end)).trim();
    }
}
