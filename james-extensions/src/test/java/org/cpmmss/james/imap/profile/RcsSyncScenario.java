package org.cpmmss.james.imap.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.ImapConnection;

/**
 * One complete RCS-style message-store sync (storage-profile.md 3.1 and Appendix A), run over plain sockets
 * against any IMAP server: the wire test runs it against cpm-mss, bench/imap-profile/ against Dovecot too.
 * {@link #run} returns the raw transcript ({@code C: } / {@code S: } lines, literals inline);
 * {@link #normalise} replaces what legitimately differs between servers by placeholders.
 */
public final class RcsSyncScenario {
    public static final String FOLDER = "Default/tel:+33612345678";
    public static final String IMDN_1 = "UFoF32HXi7";
    public static final String IMDN_2 = "Qx8bT4mLw2";

    private final List<String> transcript = new ArrayList<>();
    private final int port;
    private final String user;
    private final String password;

    public RcsSyncScenario(int port, String user, String password) {
        this.port = port;
        this.user = user;
        this.password = password;
    }

    public static byte[] chatMessage(String imdnId, String direction, String text) {
        return ("From: tel:+33612345678\r\n"
            + "To: tel:+33698765432\r\n"
            + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
            + "Subject: chat\r\n"
            + "Conversation-ID: f81d4fae7dec11d0a76500a0c91e6bf6\r\n"
            + "Contribution-ID: 9d2c5e0a41b34c7e\r\n"
            + "IMDN-Message-ID: " + imdnId + "\r\n"
            + "Message-Direction: " + direction + "\r\n"
            + "Message-Correlator: " + imdnId + "\r\n"
            + "Content-Type: Message/CPIM\r\n"
            + "\r\n"
            + "From: <tel:+33612345678>\r\n"
            + "To: <tel:+33698765432>\r\n"
            + "NS: imdn <urn:ietf:params:imdn>\r\n"
            + "imdn.Message-ID: " + imdnId + "\r\n"
            + "DateTime: 2026-11-23T10:00:00.000Z\r\n"
            + "\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "\r\n"
            + text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    public List<String> run() throws IOException {
        try (ImapConnection device = new ImapConnection(port); ImapConnection other = new ImapConnection(port)) {
            exchange(device, "LOGIN \"" + user + "\" \"" + password + "\"");
            exchange(device, "CAPABILITY");
            exchange(device, "CREATE \"" + FOLDER + "\"");
            append(device, "APPEND \"" + FOLDER + "\" (\\Seen)", chatMessage(IMDN_1, "sent", "hello from the device"));
            append(device, "APPEND \"" + FOLDER + "\" (\\Seen)", chatMessage(IMDN_2, "received", "and a reply"));
            exchange(device, "LIST \"\" \"Default/*\" RETURN (STATUS (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ))");
            List<String> select = exchange(device, "SELECT \"" + FOLDER + "\" (CONDSTORE)");
            String uidValidity = code(select, "UIDVALIDITY (\\d+)");
            String highest = code(select, "HIGHESTMODSEQ (\\d+)");
            exchange(device, "UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE 1)");
            exchange(device, "UID FETCH 1:2 (FLAGS MODSEQ BODY.PEEK[HEADER])");
            exchange(device, "UID FETCH 2 (RFC822.SIZE FLAGS MODSEQ BODY.PEEK[])");

            // another device of the same user reads message 1 as unread again and flags message 2 as deleted-pending
            exchange(other, "LOGIN \"" + user + "\" \"" + password + "\"");
            exchange(other, "SELECT \"" + FOLDER + "\"");
            exchange(other, "UID STORE 1 -FLAGS.SILENT (\\Seen)");

            exchange(device, "UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE " + highest + ")");
            searchUntilFound(device, "UID SEARCH HEADER IMDN-Message-ID " + IMDN_2);

            List<String> beforeExpunge = exchange(device, "STATUS \"" + FOLDER + "\" (HIGHESTMODSEQ)");
            String modseqBeforeExpunge = code(beforeExpunge, "HIGHESTMODSEQ (\\d+)");
            exchange(other, "UID STORE 1 +FLAGS.SILENT (\\Deleted)");
            exchange(other, "EXPUNGE");
            exchange(other, "LOGOUT");
            exchange(device, "UNSELECT");
            exchange(device, "ENABLE QRESYNC");
            exchange(device, "SELECT \"" + FOLDER + "\" (QRESYNC (" + uidValidity + " " + modseqBeforeExpunge + "))");
            exchange(device, "LOGOUT");
        }
        return transcript;
    }

    private List<String> exchange(ImapConnection connection, String command) throws IOException {
        transcript.add("C: " + command);
        List<String> lines = connection.command(command);
        lines.forEach(line -> transcript.add("S: " + line));
        return lines;
    }

    private void append(ImapConnection connection, String prefix, byte[] literal) throws IOException {
        transcript.add("C: " + prefix + " {" + literal.length + "+}\r\n" + new String(literal, StandardCharsets.UTF_8));
        connection.commandWithLiteral(prefix, literal).forEach(line -> transcript.add("S: " + line));
    }

    /** The search index may lag behind APPEND: retry quietly, record the final exchange. */
    private void searchUntilFound(ImapConnection connection, String command) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> lines = connection.command(command);
        while (lines.get(0).equals("* SEARCH") && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            lines = connection.command(command);
        }
        transcript.add("C: " + command);
        lines.forEach(line -> transcript.add("S: " + line));
    }

    private static String code(List<String> lines, String regex) {
        Pattern pattern = Pattern.compile(regex);
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        throw new IllegalStateException("no " + regex + " in " + lines);
    }

    /**
     * Placeholders for what differs legitimately: tags, UIDVALIDITY and MODSEQ numbers, human-readable response
     * texts and the CAPABILITY lists. Two things are removed (docs/imap-profile.md, "Comparison with Dovecot"):
     * the {@code MAILBOXID} of OBJECTID (RFC 8474), which Dovecot 2.3 does not implement (the {@code * OK [MAILBOXID (n)]}
     * line of SELECT and the code of CREATE's OK), and Dovecot's {@code [CLIENTBUG]} hint (RFC 5530) on a STATUS of
     * the selected mailbox, a diagnostic that changes nothing for the client.
     */
    public static List<String> normalise(List<String> transcript) {
        List<String> result = new ArrayList<>();
        for (String line : transcript) {
            String l = line;
            if (l.matches("^S: \\* OK \\[MAILBOXID \\(\\d+\\)\\].*")) {
                continue;
            }
            l = l.replaceAll("^(S: a\\d+ OK) \\[(?:MAILBOXID \\(\\d+\\)|CLIENTBUG)\\]", "$1");
            l = l.replaceAll("^(C|S): a\\d+ ", "$1: <tag> ");
            l = l.replaceAll("CAPABILITY [^\\]\\r\\n]*", "CAPABILITY <list>");
            l = l.replaceAll("UIDVALIDITY \\d+", "UIDVALIDITY <uidvalidity>");
            l = l.replaceAll("APPENDUID \\d+", "APPENDUID <uidvalidity>");
            l = l.replaceAll("(HIGHESTMODSEQ|CHANGEDSINCE) \\d+", "$1 <modseq>");
            l = l.replaceAll("MODSEQ \\(\\d+\\)", "MODSEQ (<modseq>)");
            l = l.replaceAll("QRESYNC \\(\\d+ \\d+\\)", "QRESYNC (<uidvalidity> <modseq>)");
            l = l.replaceAll("^(S: (?:<tag>|\\*) (?:OK|NO|BAD|BYE))( \\[[^\\]]*\\])?( .*)?$", "$1$2 <text>");
            result.add(l);
        }
        return result;
    }

    public static void main(String[] args) throws IOException {
        List<String> transcript = new RcsSyncScenario(Integer.parseInt(args[0]), args[1], args[2]).run();
        List<String> lines = args.length > 3 && args[3].equals("--raw") ? transcript : normalise(transcript);
        lines.forEach(System.out::println);
    }
}
