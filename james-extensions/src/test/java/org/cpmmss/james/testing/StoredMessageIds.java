package org.cpmmss.james.testing;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Counts the Message-IDs stored in one folder of one account, read back over IMAP. */
public final class StoredMessageIds {
    private static final Pattern MESSAGE_ID = Pattern.compile("(?i)Message-ID:\\s*<([^>]+)>");

    private StoredMessageIds() {
    }

    public static Map<String, Integer> count(int imapPort, String user, String password, String folder) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        try (ImapConnection imap = ImapConnection.login(imapPort, user, password)) {
            imap.expectOk("EXAMINE " + folder);
            List<String> fetch = imap.command("FETCH 1:* (BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])");
            for (String line : fetch) {
                Matcher matcher = MESSAGE_ID.matcher(line);
                if (line.startsWith("* ") && matcher.find()) {
                    counts.merge(matcher.group(1), 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}
