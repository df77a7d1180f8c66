package org.cpmmss.james.recording;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.ImapConnection;

/** IMAP checks robust to the hierarchy delimiter: folder names are given with '/' and translated. */
final class CpmImap implements AutoCloseable {
    private static final Pattern LIST = Pattern.compile("^\\* LIST \\([^)]*\\) (NIL|\"(.)\") (.*)$");
    final ImapConnection imap;
    final String delimiter;

    CpmImap(int port, String user) throws IOException {
        imap = ImapConnection.login(port, user, "pw");
        String line = imap.expectOk("LIST \"\" \"\"").get(0);
        Matcher m = LIST.matcher(line);
        delimiter = m.find() && m.group(2) != null ? m.group(2) : ".";
    }

    String name(String slashPath) {
        return slashPath.replace("/", delimiter);
    }

    String quoted(String slashPath) {
        return "\"" + name(slashPath).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Every folder name (as '/'-joined path). */
    List<String> folders() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : imap.expectOk("LIST \"\" \"*\"")) {
            Matcher m = LIST.matcher(line);
            if (m.find()) {
                String n = m.group(3);
                if (n.startsWith("\"")) {
                    n = n.substring(1, n.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
                }
                out.add(n.replace(delimiter, "/"));
            }
        }
        return out;
    }

    /** FETCH lines of every message of a folder (FLAGS and the whole message), read without setting \Seen. */
    List<String> messages(String slashPath) throws IOException {
        List<String> select = imap.expectOk("EXAMINE " + quoted(slashPath));
        if (select.stream().anyMatch(l -> l.equals("* 0 EXISTS"))) {
            return List.of();
        }
        List<String> lines = imap.expectOk("UID FETCH 1:* (UID FLAGS BODY.PEEK[])");
        return lines.stream().filter(l -> l.matches("(?s)^\\* \\d+ FETCH .*")).toList();
    }

    /** Messages over every folder. */
    int totalMessages() throws IOException {
        int n = 0;
        for (String f : folders()) {
            if (!f.equalsIgnoreCase("INBOX")) {
                n += messages(f).size();
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        imap.close();
    }
}
