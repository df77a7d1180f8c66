package org.cpmmss.james.imap.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.ImapConnection;

/**
 * The corpus of RCS-shaped FETCH requests both FETCH paths must answer alike, and the comparison: two sessions on the
 * same folder, one served by James's processor and one by the stored path ({@link FetchPathSwitch}), send each
 * request after a third session changed the folder (flags, keywords, a new message, an expunge) and must receive the
 * same lines — responses with their literals, unsolicited announcements, completions.
 */
final class StoredFetchCorpus {
    static final String PASSWORD = "secret";

    private StoredFetchCorpus() {
    }

    /** A step of the corpus: what the other session does first (or null), then the FETCH both sessions send. */
    private record Step(String change, String fetch) {
    }

    private static final List<Step> CORPUS = List.of(
        new Step(null, "UID FETCH 1:* (UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])"),
        new Step(null, "UID FETCH 1:* (BODY.PEEK[])"),
        new Step("UID STORE 2 +FLAGS (\\Seen $cpm-read)", "UID FETCH 1:* (UID FLAGS)"),
        new Step(null, "FETCH 1:* (FLAGS)"),
        new Step("UID STORE 3 +FLAGS (\\Flagged)", "UID FETCH 3 (BODY.PEEK[])"),
        new Step(null, "FETCH 2:4 (RFC822.SIZE INTERNALDATE)"),
        new Step(null, "FETCH 1,3,5 (BODY.PEEK[] UID FLAGS)"),
        new Step(null, "FETCH * (UID RFC822.HEADER)"),
        new Step(null, "UID FETCH 999:* (UID FLAGS)"),
        new Step(null, "UID FETCH 4:2 (UID RFC822.SIZE)"),
        new Step(null, "FETCH 99 (FLAGS)"),
        new Step(null, "UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE 1)"),
        new Step("UID STORE 1 -FLAGS (\\Seen)", "UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE %MODSEQ%)"),
        new Step(null, "UID FETCH 1:* (FLAGS BODY.PEEK[HEADER] INTERNALDATE) (CHANGEDSINCE %MODSEQ%)"),
        new Step(null, "UID FETCH 1:* (MODSEQ) (CHANGEDSINCE 99999)"),
        new Step("APPEND %FOLDER% (\\Seen) {%LEN%+}", "UID FETCH 1:* (UID FLAGS MODSEQ RFC822.SIZE BODY.PEEK[HEADER])"),
        new Step(null, "FETCH 1:* (UID BODY.PEEK[] RFC822.SIZE)"),
        new Step("UID STORE 6 +FLAGS (\\Deleted)", "FETCH 1:* (UID)"),
        new Step("EXPUNGE", "FETCH 1:* (UID FLAGS)"),
        new Step("UID STORE 2 -FLAGS ($cpm-read)", "UID FETCH 1:* (BODY.PEEK[HEADER] UID)"),
        new Step("UID STORE 1:* +FLAGS ($cpm-bulk)", "UID FETCH 1:3 (UID)"),
        new Step("UID STORE 1:20 -FLAGS ($cpm-bulk)", "UID FETCH 1:* (FLAGS) (CHANGEDSINCE %MODSEQ%)"),
        new Step("UID STORE 30:* +FLAGS (\\Answered)", "FETCH 1:* (RFC822.SIZE)"),
        // flag updates partly inside the answer's range (announced from its listing), partly outside (read again)
        new Step("UID STORE 2,7,25,33 +FLAGS ($cpm-split)", "UID FETCH 1:10 (UID FLAGS) (CHANGEDSINCE %MODSEQ%)"),
        new Step("UID STORE 3,8 +FLAGS (\\Seen)", "UID FETCH 1:5,4:9 (UID FLAGS) (CHANGEDSINCE %MODSEQ%)"),
        new Step("UID STORE 9,12 -FLAGS (\\Answered)", "UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE 99999)"),
        new Step("UID STORE 4,11 +FLAGS (\\Flagged)", "UID FETCH 10:* (FLAGS)"));

    /** Small objects after the corpus's messages, so that flag updates also cover more than a few UIDs. */
    private static final int FILLER = 36;

    private static final String[] MESSAGES = {
        "From: alice@example.com\r\nTo: bob@example.com\r\nSubject: hello\r\nContent-Type: text/plain\r\n\r\nHi Bob!\r\n",
        "From: bob@example.com\r\nSubject: header only\r\n",
        "From: bob@example.com\r\nSubject: empty body\r\n\r\n",
        "From: carol@example.com\r\nSubject: =?UTF-8?Q?caf=C3=A9?=\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            + "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nd\u00e9j\u00e0 vu\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n"
            + "Subject: inner\r\n\r\ninner body\r\n--b--\r\n",
        "From: dave@example.com\r\nSubject: flagged\r\n\r\nline one\r\nline two\r\n",
    };

    interface UserCreation {
        void create(String user) throws Exception;
    }

    static void compare(int port, String user, UserCreation users, boolean qresync) throws Exception {
        users.create(user);
        String folder = "\"Default/tel:+33612345678\"";
        try (ImapConnection other = ImapConnection.login(port, user, PASSWORD)) {
            other.command("CREATE Default");
            other.expectOk("CREATE " + folder);
            for (String message : MESSAGES) {
                other.commandWithLiteral("APPEND " + folder + " ()", message.getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < FILLER; i++) {
                other.commandWithLiteral("APPEND " + folder + " ()",
                    ("Subject: filler " + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            other.expectOk("SELECT " + folder);
            other.expectOk("UID STORE 5 +FLAGS (\\Flagged $cpm-important)");
            try (ImapConnection james = ImapConnection.login(port, user, PASSWORD);
                 ImapConnection stored = ImapConnection.login(port, user, PASSWORD)) {
                String enable = qresync ? "ENABLE QRESYNC" : "ENABLE CONDSTORE";
                assertThat(james.expectOk(enable)).isEqualTo(stored.expectOk(enable));
                String select = "SELECT " + folder + " (CONDSTORE)";
                james.expectOk(select);
                stored.expectOk(select);
                long modSeq = 0;
                for (Step step : CORPUS) {
                    if (step.change() != null) {
                        change(other, step.change(), folder);
                    }
                    String fetch = step.fetch().replace("%MODSEQ%", Long.toString(modSeq));
                    List<String> byJames = sameAnswers(james, stored, fetch);
                    assertThat(ImapConnection.last(byJames)).as(fetch).doesNotContain(" NO ");
                    modSeq = Math.max(modSeq, highest(byJames) - 1);
                }
            }
        }
    }

    /**
     * Sends {@code fetch} to {@code james} through James's processor, then to {@code stored} through the stored path,
     * and checks that the stored path answered and that both received the same lines; returns James's.
     */
    static List<String> sameAnswers(ImapConnection james, ImapConnection stored, String fetch) throws Exception {
        FetchPathSwitch.useStoredPath(false);
        List<String> byJames = james.command(fetch);
        int before = FetchPathSwitch.STORED_ANSWERS.get();
        FetchPathSwitch.useStoredPath(true);
        List<String> byStore = stored.command(fetch);
        FetchPathSwitch.useStoredPath(false);
        assertThat(FetchPathSwitch.STORED_ANSWERS.get()).as("stored path used for " + fetch).isEqualTo(before + 1);
        assertThat(byStore).as(fetch).isEqualTo(byJames);
        return byJames;
    }

    private static void change(ImapConnection other, String change, String folder) throws Exception {
        if (change.startsWith("APPEND")) {
            byte[] message = "From: erin@example.com\r\nSubject: late\r\n\r\nlate arrival\r\n".getBytes(StandardCharsets.UTF_8);
            other.commandWithLiteral("APPEND " + folder + " (\\Seen)", message);
        } else {
            other.expectOk(change);
        }
    }

    private static final Pattern MODSEQ = Pattern.compile("MODSEQ \\((\\d+)\\)");

    private static long highest(List<String> lines) {
        long highest = 0;
        for (String line : lines) {
            Matcher m = MODSEQ.matcher(line);
            while (m.find()) {
                highest = Math.max(highest, Long.parseLong(m.group(1)));
            }
        }
        return highest;
    }
}
