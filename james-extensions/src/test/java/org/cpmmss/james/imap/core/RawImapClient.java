package org.cpmmss.james.imap.core;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A raw-socket IMAP client for framing tests: every {@link #send} is one write on a TCP_NODELAY socket, so the
 * test decides how the bytes are cut; responses are read octet for octet (ISO-8859-1), literals inline.
 */
final class RawImapClient implements AutoCloseable {
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\}$");
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawImapClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(120_000);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        out = socket.getOutputStream();
        readLine();
    }

    static RawImapClient login(int port, String user, String password) throws IOException {
        RawImapClient client = new RawImapClient(port);
        client.send("l0 LOGIN \"" + user + "\" \"" + password + "\"\r\n");
        String last = last(client.readUntilTagged("l0"));
        if (!last.startsWith("l0 OK")) {
            throw new AssertionError("LOGIN failed: " + last);
        }
        return client;
    }

    static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Response lines (literals inline) up to and including the first that starts with {@code tag + " "}. */
    List<String> readUntilTagged(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readResponse();
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                return lines;
            }
        }
    }

    String readResponse() throws IOException {
        StringBuilder response = new StringBuilder(readLine());
        Matcher literal = LITERAL.matcher(response);
        while (literal.find()) {
            int size = Integer.parseInt(literal.group(1));
            response.append("\r\n").append(new String(in.readNBytes(size), StandardCharsets.ISO_8859_1));
            response.append(readLine());
            literal = LITERAL.matcher(response);
        }
        return response.toString();
    }

    /** Everything the server sends until it closes the connection. */
    String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + line.toString(StandardCharsets.ISO_8859_1));
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
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
