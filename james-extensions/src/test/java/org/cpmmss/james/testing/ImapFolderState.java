package org.cpmmss.james.testing;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a device sees of one folder over IMAP, for comparing two servers: UIDVALIDITY and, per UID, its flags
 * (without {@code \Recent}, which belongs to a session) and MODSEQ, read with {@code EXAMINE folder (CONDSTORE)} and
 * {@code UID FETCH 1:* (UID FLAGS MODSEQ)}.
 */
public record ImapFolderState(long uidValidity, Map<Long, String> messages) {
    private static final Pattern UID = Pattern.compile("\\bUID (\\d+)");
    private static final Pattern FLAGS = Pattern.compile("\\bFLAGS \\(([^)]*)\\)");
    private static final Pattern MODSEQ = Pattern.compile("\\bMODSEQ \\((\\d+)\\)");
    private static final Pattern UIDVALIDITY = Pattern.compile("UIDVALIDITY (\\d+)");

    public static ImapFolderState read(ImapConnection imap, String folder) throws IOException {
        List<String> examine = imap.expectOk("EXAMINE \"" + folder + "\" (CONDSTORE)");
        long uidValidity = examine.stream().map(UIDVALIDITY::matcher).filter(Matcher::find)
            .mapToLong(m -> Long.parseLong(m.group(1))).findFirst()
            .orElseThrow(() -> new AssertionError("no UIDVALIDITY in " + examine));
        Map<Long, String> messages = new TreeMap<>();
        for (String line : imap.expectOk("UID FETCH 1:* (UID FLAGS MODSEQ)")) {
            if (!line.startsWith("* ") || !line.contains(" FETCH ")) {
                continue;
            }
            Matcher uid = UID.matcher(line);
            Matcher flags = FLAGS.matcher(line);
            Matcher modseq = MODSEQ.matcher(line);
            if (!uid.find() || !flags.find() || !modseq.find()) {
                throw new AssertionError("unexpected FETCH line " + line);
            }
            TreeSet<String> names = new TreeSet<>(List.of(flags.group(1).trim().split("\\s+")));
            names.remove("\\Recent");
            names.remove("");
            messages.put(Long.parseLong(uid.group(1)), "FLAGS " + names + " MODSEQ " + modseq.group(1));
        }
        return new ImapFolderState(uidValidity, messages);
    }
}
