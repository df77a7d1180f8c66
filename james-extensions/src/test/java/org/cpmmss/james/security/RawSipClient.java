package org.cpmmss.james.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Sends raw SIP requests (bytes as written, with {@code ${VIA}} and {@code ${CALLID}} filled in) over UDP or
 * TCP and returns the status line of the first final answer, "no answer" or "connection closed".
 */
final class RawSipClient implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 1500;
    private final int port;
    private final DatagramSocket udp;

    RawSipClient(int port) throws IOException {
        this.port = port;
        this.udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.udp.setSoTimeout(TIMEOUT_MILLIS);
    }

    /** A MESSAGE from tel:+33677777777 to the corpus recipient carrying {@code cpim} as its body. */
    static byte[] message(byte[] cpim) {
        String head = "MESSAGE sip:+33688888888@example.com;user=phone SIP/2.0\r\n"
            + "Via: ${VIA};branch=z9hG4bK-${CALLID}\r\nMax-Forwards: 70\r\nFrom: <tel:+33677777777>;tag=h1\r\n"
            + "To: <sip:+33688888888@example.com>\r\nCall-ID: ${CALLID}\r\nCSeq: 1 MESSAGE\r\n"
            + "Conversation-ID: hostile-sip-conv\r\nContribution-ID: hostile-sip-contrib\r\n"
            + "Content-Type: message/cpim\r\nContent-Length: " + cpim.length + "\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(cpim);
        return out.toByteArray();
    }

    /** The body of a stored object: everything after the first empty line. */
    static byte[] bodyOf(byte[] object) {
        String text = new String(object, StandardCharsets.ISO_8859_1);
        int crlf = text.indexOf("\r\n\r\n");
        int lf = text.indexOf("\n\n");
        int at = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : text.length();
        return text.substring(at).getBytes(StandardCharsets.ISO_8859_1);
    }

    String send(String transport, byte[] template, String callId) throws IOException {
        return transport.equals("udp") ? sendUdp(template, callId) : sendTcp(template, callId);
    }

    private static byte[] fill(byte[] template, String via, String callId) {
        String text = new String(template, StandardCharsets.ISO_8859_1)
            .replace("${VIA}", via).replace("${CALLID}", callId);
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private String sendUdp(byte[] template, String callId) throws IOException {
        byte[] request = fill(template, "SIP/2.0/UDP 127.0.0.1:" + udp.getLocalPort(), callId);
        udp.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
        byte[] buffer = new byte[65536];
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(answer);
            } catch (SocketTimeoutException e) {
                break;
            }
            String text = new String(answer.getData(), 0, answer.getLength(), StandardCharsets.ISO_8859_1);
            // skip provisional answers and late answers to earlier cases (they carry an earlier case's Call-ID);
            // the answer to a request without a readable Call-ID carries one of the server's
            if (!text.startsWith("SIP/2.0 1") && (text.contains(callId + "\r\n") || !text.contains("Call-ID: hostile-"))) {
                return statusLine(text);
            }
        }
        return "no answer";
    }

    private String sendTcp(byte[] template, String callId) throws IOException {
        try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), port)) {
            tcp.setSoTimeout(TIMEOUT_MILLIS);
            byte[] request = fill(template, "SIP/2.0/TCP 127.0.0.1:" + tcp.getLocalPort(), callId);
            OutputStream out = tcp.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = tcp.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    return received.size() == 0 ? "no answer" : statusLine(received.toString(StandardCharsets.ISO_8859_1));
                }
                if (n < 0) {
                    return received.size() == 0 ? "connection closed" : statusLine(received.toString(StandardCharsets.ISO_8859_1));
                }
                received.write(buffer, 0, n);
                String text = received.toString(StandardCharsets.ISO_8859_1);
                for (String answer : text.split("(?=SIP/2\\.0 \\d{3} )")) {
                    if (answer.startsWith("SIP/2.0 ") && !answer.startsWith("SIP/2.0 1") && answer.contains("\r\n")) {
                        return statusLine(answer);
                    }
                }
            }
        } catch (IOException e) {
            return "connection failed: " + e.getMessage();
        }
    }

    private static String statusLine(String answer) {
        int end = answer.indexOf("\r\n");
        return end < 0 ? answer : answer.substring(0, end);
    }

    @Override
    public void close() {
        udp.close();
    }
}
