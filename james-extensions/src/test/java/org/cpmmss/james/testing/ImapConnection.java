package org.cpmmss.james.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain-socket IMAP client for wire-level tests: what is sent and received is exactly the bytes on the
 * wire. Every {@link #send} is one write on a TCP_NODELAY socket, so a framing test decides how the bytes are
 * cut. A literal {@code {n}} in a response is read as n raw bytes and kept inline in the returned line.
 */
public final class ImapConnection implements AutoCloseable {
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\}$");
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int tagCounter;
    private final String greeting;

    public ImapConnection(int port) throws IOException {
        this(new java.net.InetSocketAddress("127.0.0.1", port));
    }

    /** A connection to {@code target}: loopback, or a forwarder in a test's network namespace. */
    public ImapConnection(java.net.InetSocketAddress target) throws IOException {
        socket = new Socket();
        socket.connect(target, 10_000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        out = socket.getOutputStream();
        greeting = readLine();
    }

    public static ImapConnection login(int port, String user, String password) throws IOException {
        ImapConnection connection = new ImapConnection(port);
        connection.expectOk("LOGIN \"" + user + "\" \"" + password + "\"");
        return connection;
    }

    public String greeting() {
        return greeting;
    }

    /** The last of a command's response lines: its tagged completion. */
    public static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    /** How long one read may wait before it fails (30 s unless set). */
    public ImapConnection readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        return this;
    }

    /** Sends a tagged command and returns every line up to and including the tagged completion. */
    public List<String> command(String command) throws IOException {
        String tag = "a" + (++tagCounter);
        send(tag + " " + command + "\r\n");
        return readUntilTagged(tag);
    }

    /** APPEND of a message written with bare LFs (sent with CRLF) and the given internal date, no flags. */
    public List<String> appendDated(String folder, String internalDate, String message) throws IOException {
        byte[] bytes = message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        return commandWithLiteral("APPEND " + folder + " () \"" + internalDate + "\"", bytes);
    }

    /** Sends a tagged command whose last argument is a literal (APPEND), using LITERAL+. */
    public List<String> commandWithLiteral(String commandPrefix, byte[] literal) throws IOException {
        String tag = "a" + (++tagCounter);
        out.write((tag + " " + commandPrefix + " {" + literal.length + "+}\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(literal);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readUntilTagged(tag);
    }

    public List<String> expectOk(String command) throws IOException {
        List<String> lines = command(command);
        String last = lines.get(lines.size() - 1);
        if (!last.matches("^a\\d+ OK.*")) {
            throw new AssertionError(command + " failed: " + lines);
        }
        return lines;
    }

    public void send(String raw) throws IOException {
        send(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes these octets in one write, as they are. */
    public void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Half-closes the connection: the server reads end of stream, this side can still read. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Everything the server sends until it closes the connection. */
    public String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    public String lastTag() {
        return "a" + tagCounter;
    }

    public String nextTag() {
        return "a" + (++tagCounter);
    }

    public List<String> readUntilTagged(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readResponse();
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                return lines;
            }
        }
    }

    /** Waits up to timeout for an untagged line matching the pattern; returns null on time-out. */
    public String awaitLine(Pattern pattern, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int previous = socket.getSoTimeout();
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                String line;
                try {
                    line = readResponse();
                } catch (SocketTimeoutException e) {
                    return null;
                }
                if (pattern.matcher(line).find()) {
                    return line;
                }
            }
            return null;
        } finally {
            socket.setSoTimeout(previous);
        }
    }

    /** One response line, with any literals it announces read inline. */
    public String readResponse() throws IOException {
        StringBuilder response = new StringBuilder(readLine());
        Matcher literal = LITERAL.matcher(response);
        while (literal.find()) {
            int size = Integer.parseInt(literal.group(1));
            byte[] bytes = in.readNBytes(size);
            response.append("\r\n").append(new String(bytes, StandardCharsets.UTF_8));
            response.append(readLine());
            literal = LITERAL.matcher(response);
        }
        return response.toString();
    }

    /** One line as sent, without its CRLF, literals not followed (a continuation request, say). */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b;
            try {
                b = in.read();
            } catch (java.net.SocketTimeoutException timeout) {
                // the server is in this JVM for most tests: a stall explains itself with the threads' stacks
                System.err.println("IMAP read timed out after: " + line.toString(StandardCharsets.UTF_8)
                    + "; threads of this JVM:\n" + ThreadDumps.all());
                throw timeout;
            }
            if (b < 0) {
                throw new IOException("connection closed after: " + line.toString(StandardCharsets.UTF_8));
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
