package org.cpmmss.james.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.ImapConnection;
import org.cpmmss.james.testing.CpmObjectSamples;

/** CPM objects and IMAP helpers shared by the security tests. */
final class SecurityFixtures {
    private static final Pattern LIST = Pattern.compile("^\\* LIST \\([^)]*\\) (NIL|\"(.)\") (.*)$");

    private SecurityFixtures() {
    }

    static byte[] bytes(String text) {
        return CpmObjectSamples.bytes(text);
    }

    /** A valid 1-1 chat message, as RecordingPipelineTest sends it. */
    static byte[] chat(String from, String to, String conv, String contrib, String imdnId, String text) {
        return CpmObjectSamples.chat(from, to, conv, contrib, imdnId, text);
    }

    /** Every folder name the logged-in user sees with LIST "" "*" (as sent on the wire, unquoted). */
    static List<String> folders(ImapConnection imap) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : imap.expectOk("LIST \"\" \"*\"")) {
            Matcher m = LIST.matcher(line);
            if (m.find()) {
                String n = m.group(3);
                if (n.startsWith("\"")) {
                    n = n.substring(1, n.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
                }
                out.add(n);
            }
        }
        return out;
    }

    static String quote(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * A digest of everything a user has: every folder name with its UIDs, flags and full bytes, read with
     * EXAMINE and BODY.PEEK so that reading changes nothing.
     */
    static String snapshot(int imapPort, String user, String password) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (ImapConnection imap = ImapConnection.login(imapPort, user, password)) {
            List<String> names = new ArrayList<>(folders(imap));
            names.sort(null);
            for (String name : names) {
                digest.update(("folder " + name + "\n").getBytes(StandardCharsets.UTF_8));
                List<String> select = imap.command("EXAMINE " + quote(name));
                if (!select.get(select.size() - 1).matches("^a\\d+ OK.*")) {
                    digest.update("noselect\n".getBytes(StandardCharsets.UTF_8));
                    continue;
                }
                if (select.contains("* 0 EXISTS")) {
                    continue;
                }
                for (String line : imap.expectOk("UID FETCH 1:* (UID FLAGS BODY.PEEK[])")) {
                    if (line.startsWith("* ")) {
                        digest.update(line.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The number of messages over all of a user's folders. */
    static int messageCount(int imapPort, String user, String password) throws Exception {
        int total = 0;
        try (ImapConnection imap = ImapConnection.login(imapPort, user, password)) {
            for (String name : folders(imap)) {
                for (String line : imap.command("STATUS " + quote(name) + " (MESSAGES)")) {
                    Matcher m = Pattern.compile("MESSAGES (\\d+)").matcher(line);
                    if (line.startsWith("* STATUS") && m.find()) {
                        total += Integer.parseInt(m.group(1));
                    }
                }
            }
        }
        return total;
    }
}
