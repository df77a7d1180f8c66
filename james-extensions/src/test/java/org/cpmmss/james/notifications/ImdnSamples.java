package org.cpmmss.james.notifications;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.CpmObjectSamples;

/** CPM objects for the notification tests (CRLF line ends) and delimiter-robust IMAP helpers. */
public final class ImdnSamples {
    private ImdnSamples() {
    }

    static byte[] bytes(String text) {
        return CpmObjectSamples.bytes(text);
    }

    public static byte[] chat(String from, String to, String conv, String contrib, String imdnId, String text) {
        return CpmObjectSamples.chat(from, to, conv, contrib, imdnId, text);
    }

    /** A group session info object opening a group chat. */
    static byte[] groupSessionInfo(String from, String conv, String contrib, String imdnId, String participants) {
        return bytes("Date: Fri, 25 Mar 2016 10:45:00 +0100\n"
            + "From: " + from + "\n"
            + "To: sip:conference-factory@example.com\n"
            + "Subject: Group\n"
            + "Conversation-ID: " + conv + "\n"
            + "Contribution-ID: " + contrib + "\n"
            + "IMDN-Message-ID: " + imdnId + "\n"
            + "MIME-Version: 1.0\n"
            + "Content-Type: Application/X-CPM-Session\n"
            + "\n"
            + "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<session><session-type>Group</session-type><invited-participants>" + participants
            + "</invited-participants></session>\n");
    }

    /**
     * A disposition notification by {@code from} (the reporter) to {@code to} (the originator of the reported
     * message); {@code element} is delivery-notification or display-notification.
     */
    static byte[] notification(String from, String to, String conv, String contrib, String imdnId, String reported,
                               String element, String status) {
        return CpmObjectSamples.notification(from, to, conv, contrib, imdnId, reported, element, status);
    }

    public static byte[] delivered(String from, String to, String conv, String contrib, String imdnId, String reported) {
        return notification(from, to, conv, contrib, imdnId, reported, "delivery-notification", "delivered");
    }

    static byte[] displayed(String from, String to, String conv, String contrib, String imdnId, String reported) {
        return notification(from, to, conv, contrib, imdnId, reported, "display-notification", "displayed");
    }

    /** IMAP with folder names given '/'-joined whatever the server's delimiter. */
    static final class Imap implements AutoCloseable {
        private static final Pattern LIST = Pattern.compile("^\\* LIST \\([^)]*\\) (NIL|\"(.)\") (.*)$");
        final ImapConnection imap;
        final String delimiter;

        Imap(int port, String user) throws IOException {
            imap = ImapConnection.login(port, user, "pw");
            String line = imap.expectOk("LIST \"\" \"\"").get(0);
            Matcher m = LIST.matcher(line);
            delimiter = m.find() && m.group(2) != null ? m.group(2) : ".";
        }

        String quoted(String slashPath) {
            return "\"" + slashPath.replace("/", delimiter).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        /** FETCH lines (UID, FLAGS, MODSEQ, whole message, read without setting \Seen) of every message of a folder. */
        List<String> messages(String slashPath) throws IOException {
            List<String> select = imap.expectOk("SELECT " + quoted(slashPath) + " (CONDSTORE)");
            if (select.stream().anyMatch(l -> l.equals("* 0 EXISTS"))) {
                return List.of();
            }
            return imap.expectOk("UID FETCH 1:* (UID FLAGS MODSEQ BODY.PEEK[])").stream()
                .filter(l -> l.matches("(?s)^\\* \\d+ FETCH .*")).toList();
        }

        /** The MODSEQ of the message whose text contains {@code marker}. */
        long modseq(String slashPath, String marker) throws IOException {
            for (String m : messages(slashPath)) {
                if (m.contains(marker)) {
                    Matcher mm = Pattern.compile("MODSEQ \\((\\d+)\\)").matcher(m);
                    if (mm.find()) {
                        return Long.parseLong(mm.group(1));
                    }
                }
            }
            throw new AssertionError("no message with " + marker + " in " + slashPath);
        }

        List<String> folders() throws IOException {
            List<String> out = new ArrayList<>();
            for (String line : imap.expectOk("LIST \"\" \"*\"")) {
                Matcher m = LIST.matcher(line);
                if (m.find()) {
                    String n = m.group(3);
                    if (n.startsWith("\"")) {
                        n = n.substring(1, n.length() - 1);
                    }
                    out.add(n.replace(delimiter, "/"));
                }
            }
            return out;
        }

        @Override
        public void close() throws IOException {
            imap.close();
        }
    }
}
