package org.cpmmss.james.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-socket SMTP or LMTP client, as a Participating Function submits: exact reply lines come back so
 * tests can assert codes and texts. LMTP answers DATA once per accepted recipient.
 */
public final class MailDoorClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final boolean lmtp;
    private int acceptedRecipients;

    private MailDoorClient(int port, boolean lmtp) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        this.socket.setSoTimeout(60_000);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        this.out = socket.getOutputStream();
        this.lmtp = lmtp;
        expect(reply(), "220");
        expect(command((lmtp ? "LHLO" : "EHLO") + " pf.test"), "250");
    }

    public static MailDoorClient smtp(int port) throws IOException {
        return new MailDoorClient(port, false);
    }

    public static MailDoorClient lmtp(int port) throws IOException {
        return new MailDoorClient(port, true);
    }

    /** One LMTP transaction from the test PF ({@code pf@pf.test}) on a connection of its own: the replies of {@link #send}. */
    public static List<String> lmtpFromPf(int port, List<String> recipients, byte[] message) throws IOException {
        try (MailDoorClient lmtp = lmtp(port)) {
            return lmtp.send("pf@pf.test", recipients, message);
        }
    }

    /** One transaction; returns the DATA replies (one for SMTP, one per accepted recipient for LMTP), or the failing reply. */
    public List<String> send(String from, List<String> recipients, byte[] message) throws IOException {
        acceptedRecipients = 0;
        String mail = command("MAIL FROM:<" + from + ">");
        if (!mail.startsWith("250")) {
            return List.of(mail);
        }
        List<String> rcptReplies = new ArrayList<>();
        for (String recipient : recipients) {
            String reply = command("RCPT TO:<" + recipient + ">");
            rcptReplies.add(reply);
            if (reply.startsWith("250")) {
                acceptedRecipients++;
            }
        }
        if (acceptedRecipients == 0) {
            command("RSET");
            return rcptReplies;
        }
        String data = command("DATA");
        if (!data.startsWith("354")) {
            return List.of(data);
        }
        out.write(dataLines(message));
        out.flush();
        List<String> replies = new ArrayList<>();
        int expected = lmtp ? acceptedRecipients : 1;
        for (int i = 0; i < expected; i++) {
            replies.add(reply());
        }
        return replies;
    }

    public String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply();
    }

    /** A whole (possibly multi-line) reply, lines joined by newlines. */
    public String reply() throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
            reply.append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return reply.toString();
            }
            reply.append('\n');
        }
    }

    /** {@code message} as DATA lines: CRLF line ends, dot-stuffed, then the end-of-data line. */
    public static byte[] dataLines(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n");
        if (!text.endsWith("\r\n")) {
            text += "\r\n";
        }
        StringBuilder lines = new StringBuilder();
        for (String line : text.split("\r\n", -1)) {
            lines.append(line.startsWith(".") ? "." + line : line).append("\r\n");
        }
        lines.setLength(lines.length() - 2); // the empty element after the last line end
        return lines.append(".\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void expect(String reply, String code) throws IOException {
        if (!reply.startsWith(code)) {
            throw new IOException("expected " + code + " but got " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            command("QUIT");
        } catch (IOException ignored) {
            // the server may already be gone
        } finally {
            socket.close();
        }
    }
}
